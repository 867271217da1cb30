import Foundation
import XCTest

/// The HTML ledger in a real headless browser (Debian's chromium with fonts-noto-cjk, which
/// `.ci/run` installs): it loads with no console error, a note holding `<script>` stays text, and
/// the screenshot is not blank.
final class ReportBrowserTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var environment: [String: String] {
        ["RIVERCHIEF_DB": dir.appendingPathComponent("state.sqlite").path, "HOME": dir.path,
         "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path, "XDG_DATA_HOME": dir.appendingPathComponent("data").path,
         "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "TZ": "Asia/Shanghai",
         "RIVERCHIEF_DATA": CLI.repositoryRoot.appendingPathComponent("Data").path]
    }

    func rc(_ args: [String]) throws -> CLI.Result { try CLI.run(args, environment: environment) }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func browser(_ args: [String]) throws -> CLI.Result {
        guard let chromium = Self.chromium else {
            print("ReportBrowserTests: skipped: no chromium (bash .ci/run installs it)")
            throw XCTSkip("no chromium; bash .ci/run installs it")
        }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                      "--user-data-dir=" + dir.appendingPathComponent("profile").path, "--enable-logging=stderr", "--v=0"]
        return try CLI.run(common + args, environment: environment, executable: URL(fileURLWithPath: chromium))
    }

    func testTheLedgerRendersInHeadlessChromiumWithItsNotesAsText() throws {
        XCTAssertEqual(try rc(["set", "yr2020.t.joint-meetings", "--status", "behind", "--progress", "30",
                               "--note", "<script>document.title='pwned';console.error('injected')</script>已召开会议"]).status, 0)
        XCTAssertEqual(try rc(["set", "yr2020.t.flow-regulation", "--status", "done"]).status, 0)
        let page = dir.appendingPathComponent("ledger.html")
        let r = try rc(["report", "--format", "html", "--out", page.path])
        XCTAssertEqual(r.status, 0, r.stderr)

        let dom = try browser(["--dump-dom", page.absoluteString])
        XCTAssertEqual(dom.status, 0, dom.stderr)
        XCTAssertFalse(dom.stderr.contains("CONSOLE"), "console messages:\n\(dom.stderr)")
        XCTAssertFalse(dom.stderr.contains("Uncaught"), dom.stderr)
        XCTAssertTrue(dom.stdout.contains("<title>河长制工作台账"), "the title is intact, not replaced by the note's script")
        XCTAssertFalse(dom.stdout.contains("pwned</title>"))
        XCTAssertTrue(dom.stdout.contains("&lt;script&gt;document.title="), "the note shows as text")
        XCTAssertEqual(dom.stdout.components(separatedBy: "<script").count, 1, "no script element in the page")
        XCTAssertTrue(dom.stdout.contains("各部分进度") && dom.stdout.contains("各牵头单位进度"))
        // The red task comes first in the task table.
        let table = try XCTUnwrap(dom.stdout.range(of: "任务台账"))
        let firstRow = try XCTUnwrap(dom.stdout.range(of: "<tr class=\"row-", range: table.upperBound..<dom.stdout.endIndex))
        XCTAssertTrue(dom.stdout[firstRow.upperBound...].hasPrefix("red"))

        let shot = dir.appendingPathComponent("ledger.png")
        let s = try browser(["--window-size=1280,900", "--screenshot=" + shot.path, page.absoluteString])
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertFalse(s.stderr.contains("CONSOLE"), s.stderr)
        let keep = ProcessInfo.processInfo.environment["RC_KEEP_SCREENSHOT"]
        if let keep { try? FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep)) }
        let stats = try pixelStats(shot)
        XCTAssertEqual(stats["width"], 1280)
        XCTAssertEqual(stats["height"], 900)
        // A uniform image has one colour and no pixel differing from the first: this has text, bars and red.
        XCTAssertGreaterThan(stats["colours"] ?? 0, 50, "\(stats)")
        XCTAssertGreaterThan(stats["differing_permille"] ?? 0, 20, "at least 2 % of the pixels differ from the background: \(stats)")
        XCTAssertGreaterThan(stats["reddish"] ?? 0, 0, "the red light and its row mark are drawn: \(stats)")
    }

    /// Decodes the PNG (8-bit RGB or RGBA, no interlace: what chromium writes) with Python's zlib
    /// and counts: distinct colours, pixels that differ from the top-left one (per mille), reddish pixels.
    func pixelStats(_ png: URL) throws -> [String: Int] {
        let program = """
            import json, struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + n]
                if kind == b'IHDR': w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                pos += 12 + n
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
            bpp = 3 if ctype == 2 else 4
            raw, stride = zlib.decompress(idat), w * bpp
            prev, rows, i = bytearray(stride), [], 0
            for y in range(h):
                f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0
                    b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                rows.append(bytes(line)); prev = line
            first = rows[0][:3]
            colours, differing, reddish = set(), 0, 0
            for line in rows:
                for x in range(0, stride, bpp):
                    px = line[x:x + 3]
                    colours.add(px)
                    if px != first: differing += 1
                    if px[0] > 150 and px[1] < 80 and px[2] < 80: reddish += 1
            print(json.dumps({"width": w, "height": h, "colours": len(colours),
                              "differing_permille": differing * 1000 // (w * h), "reddish": reddish}))
            """
        let r = try CLI.run(["-c", program, png.path], environment: environment, executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Int])
    }
}
