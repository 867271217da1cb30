import Foundation

/// What a program writes to the terminal, measured through a pty: the first frame (bytes and time
/// from start to its last byte), one cursor move (`j`), one page (PgDn), and its peak memory.
struct TerminalBench {
    /// A program to drive: its path and arguments.
    struct Program {
        var label: String
        var executable: String
        var arguments: [String]
        /// Added to the environment (e.g. RIVERCHIEF_DB).
        var environment: [String: String] = [:]
    }

    var rows: Int
    var cols: Int
    var runs: Int
    /// Quiet time that ends a burst: the first frame (start-up may pause between writes) and a key.
    var startQuietMS = 400
    var keyQuietMS = 150
    /// Quiet time that ends a key's *answer*: shorter than the dashboard's 100 ms wait before the
    /// detail pane catches up with the cursor, so the answer and the catch-up are told apart.
    var answerQuietMS = 50
    /// How long a key may take before its first byte (a key answered with nothing costs this).
    var keyFirstByteMS = 1_000

    /// Quiet time that ends one write of a screen: a frame is written at once, so a shorter quiet
    /// after the first one is a program still working (a large library's first screen drawn while
    /// it loads, then filled in).
    var screenQuietMS = 20

    struct Figures {
        /// Everything until the first `startQuietMS` of quiet; the time to its last byte.
        var firstFrameBytes = Samples(), firstFrameMS = Samples()
        /// The time to the last byte of the first screen: the first frame's first write.
        var firstScreenMS = Samples()
        /// Everything a key causes (answer and catch-up); the answer alone; time to the answer's
        /// last byte; time to the last byte of all.
        var moveBytes = Samples(), moveAnswerBytes = Samples(), moveMS = Samples(), moveSettledMS = Samples()
        var pageBytes = Samples(), pageAnswerBytes = Samples(), pageMS = Samples(), pageSettledMS = Samples()
        /// A held key: `heldSteps` × j, one every `heldIntervalMS` (a key repeat), all that is written
        /// until quiet, per step.
        var heldBytesPerStep = Samples()
        var peakRSS = Samples()
        var unclean = 0
    }

    static let pageDown: [UInt8] = Array("\u{1B}[6~".utf8)
    /// Fewer bytes than this before the first quiet spell are a terminal query, not a frame.
    static let framePrefixBytes = 256
    /// The floor with a detail pane beside its list (`riverchief-floor --detail`), which redraws
    /// the pane at once on every move: what the dashboard's cursor move with its pane's catch-up is
    /// compared with.
    static let detailFloor = "floor with detail pane"
    /// The floor listing the dashboard's own tree rows, its pane showing each one's title, id and
    /// text where the dashboard's pane is (`FloorItems`).
    static let itemsFloor = "floor with the items' pane"
    static let heldSteps = 10
    /// What the dashboard's first screen says while a large library is still loading, in either
    /// language (the suite runs the dashboard with `--lang zh`: 正在载入; in English, loading).
    static let loadingMarks = [Array("正在载入".utf8), Array("loading".utf8)]
    static let nextFrameGapNS: UInt64 = 50_000_000

    static func says(_ mark: [UInt8], in bytes: [UInt8]) -> Bool {
        guard bytes.count >= mark.count else { return false }
        return (0...(bytes.count - mark.count)).contains { i in bytes[i..<(i + mark.count)].elementsEqual(mark) }
    }
    static let heldIntervalMS = 33

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["COLUMNS"] = nil
        env["LINES"] = nil
        return env
    }

    func measure(_ p: Program) throws -> Figures {
        var f = Figures()
        for _ in 0..<runs {
            let s = try PtySession(p.executable, p.arguments, environment: environment(p.environment), rows: rows, cols: cols)
            // The dashboard first asks the terminal how wide an ambiguous character is (a few
            // bytes), then loads: until a frame's worth has come, a quiet spell does not end it.
            // Read in writes (ended by `screenQuietMS` of quiet) until `startQuietMS` of quiet.
            // A first screen that says it is still loading is not the whole first frame: what fills
            // it in is waited for however long it takes.
            var output: [UInt8] = []
            var screenAt: UInt64 = 0, lastAt: UInt64 = 0
            var filledIn = false
            while true {
                let loading = screenAt > 0 && !filledIn && Self.loadingMarks.contains { Self.says($0, in: output) }
                // (A fill-in within the gap, merged with the screen, costs this run a wait of 5 s.)
                let wait = output.count < Self.framePrefixBytes ? 30_000 : loading ? 5_000 : startQuietMS
                let burst = s.readUntilQuiet(quietMS: screenQuietMS, firstByteMS: wait, timeoutMS: 30_000)
                if burst.bytes.isEmpty { break }
                // Writes this long after the screen's are the program's next frame, not its rest.
                if screenAt > 0, burst.firstByteAt >= lastAt + Self.nextFrameGapNS { filledIn = true }
                output += burst.bytes
                lastAt = burst.lastByteAt
                if screenAt == 0, output.count >= Self.framePrefixBytes { screenAt = burst.lastByteAt }
            }
            let bytes = output.count
            f.firstFrameBytes.add(Double(bytes))
            f.firstFrameMS.add(lastAt > 0 ? Double(lastAt - s.started) / 1e6 : .nan)
            f.firstScreenMS.add(screenAt > 0 ? Double(screenAt - s.started) / 1e6 : .nan)
            // Several moves per run: the first may differ (e.g. a status line appears).
            for _ in 0..<5 {
                let k = key(s, Array("j".utf8))
                f.moveBytes.add(k.bytes)
                f.moveAnswerBytes.add(k.answerBytes)
                f.moveMS.add(k.answerMS)
                f.moveSettledMS.add(k.settledMS)
            }
            // j held down: the terminal repeats it about 30 times a second.
            var held = 0
            for _ in 0..<Self.heldSteps {
                s.send("j")
                held += s.readUntilQuiet(quietMS: Self.heldIntervalMS, firstByteMS: Self.heldIntervalMS).bytes.count
            }
            held += s.readUntilQuiet(quietMS: keyQuietMS, firstByteMS: keyFirstByteMS).bytes.count
            f.heldBytesPerStep.add(Double(held) / Double(Self.heldSteps))
            let k = key(s, Self.pageDown)
            f.pageBytes.add(k.bytes)
            f.pageAnswerBytes.add(k.answerBytes)
            f.pageMS.add(k.answerMS)
            f.pageSettledMS.add(k.settledMS)
            s.send("q")
            if !s.waitForExit() { f.unclean += 1 }
            f.peakRSS.add(s.peakRSSMiB)
        }
        return f
    }

    /// One key: its answer (until `answerQuietMS` of quiet), then whatever follows until
    /// `keyQuietMS` of quiet (the dashboard's detail pane catching up).
    func key(_ s: PtySession, _ bytes: [UInt8]) -> (bytes: Double, answerBytes: Double, answerMS: Double, settledMS: Double) {
        let t = s.send(bytes)
        let answer = s.readUntilQuiet(quietMS: answerQuietMS, firstByteMS: keyFirstByteMS)
        let rest = s.readUntilQuiet(quietMS: keyQuietMS, firstByteMS: keyQuietMS)
        let answerMS = answer.lastByteAt > 0 ? Double(answer.lastByteAt - t) / 1e6 : .nan
        let last = rest.lastByteAt > 0 ? rest.lastByteAt : answer.lastByteAt
        return (Double(answer.bytes.count + rest.bytes.count), Double(answer.bytes.count), answerMS,
                last > 0 ? Double(last - t) / 1e6 : .nan)
    }

    /// Measures each program and reports its figures, then the ratios of the later ones to the first
    /// (the floor).
    func report(_ programs: [Program], into r: inout Report) throws {
        var all: [(Program, Figures)] = []
        let size = "\(cols)×\(rows)"
        for p in programs {
            let f = try measure(p)
            all.append((p, f))
            let note = f.unclean > 0 ? "\(f.unclean) run(s) did not exit on q" : ""
            let isFloor = p.label.hasPrefix("floor")
            r.add("\(p.label) \(size): first frame bytes", f.firstFrameBytes, unit: "B", note: note)
            r.add("\(p.label) \(size): time to first screen (pty)", f.firstScreenMS, target: isFloor ? "" : "≤ 150 ms")
            r.add("\(p.label) \(size): time to first frame (pty)", f.firstFrameMS, target: isFloor ? "" : "≤ 200 ms")
            r.add("\(p.label) \(size): cursor move (j) bytes, all", f.moveBytes, unit: "B", target: isFloor ? "" : "≤ 1.5× floor")
            r.add("\(p.label) \(size): cursor move (j) bytes, the answer", f.moveAnswerBytes, unit: "B")
            r.add("\(p.label) \(size): cursor move (j) latency to the answer (pty)", f.moveMS)
            r.add("\(p.label) \(size): cursor move (j) time to the last byte (pty)", f.moveSettledMS)
            r.add("\(p.label) \(size): j held (\(Self.heldSteps) at \(Self.heldIntervalMS) ms) bytes per step", f.heldBytesPerStep, unit: "B")
            r.add("\(p.label) \(size): page (PgDn) bytes, all", f.pageBytes, unit: "B")
            r.add("\(p.label) \(size): page (PgDn) bytes, the answer", f.pageAnswerBytes, unit: "B")
            r.add("\(p.label) \(size): page (PgDn) latency to the answer (pty)", f.pageMS)
            r.add("\(p.label) \(size): page (PgDn) time to the last byte (pty)", f.pageSettledMS)
            r.add("\(p.label) \(size): peak RSS", f.peakRSS, unit: "MiB", target: isFloor ? "" : "≤ 200 MB")
        }
        guard let floor = all.first, floor.0.label == "floor" else { return }
        let panes = all.filter { $0.0.label == Self.detailFloor || $0.0.label == Self.itemsFloor }
        for (p, f) in all.dropFirst() where !p.label.hasPrefix("floor") {
            for detail in panes {
                r.add("\(p.label)/\(detail.0.label) \(size): cursor move bytes, all (the pane's catch-up included)",
                      Samples([f.moveBytes.median / detail.1.moveBytes.median]), unit: "×", target: "≤ 1.2×")
                r.add("\(p.label)/\(detail.0.label) \(size): j held, bytes per step",
                      Samples([f.heldBytesPerStep.median / detail.1.heldBytesPerStep.median]), unit: "×")
            }
            r.add("\(p.label)/floor \(size): first frame bytes", Samples([f.firstFrameBytes.median / floor.1.firstFrameBytes.median]), unit: "×")
            r.add("\(p.label)/floor \(size): cursor move bytes, all", Samples([f.moveBytes.median / floor.1.moveBytes.median]), unit: "×", target: "≤ 1.5×")
            r.add("\(p.label)/floor \(size): cursor move bytes, the answer", Samples([f.moveAnswerBytes.median / floor.1.moveBytes.median]), unit: "×", target: "≤ 1.5×")
            r.add("\(p.label)/floor \(size): j held, bytes per step", Samples([f.heldBytesPerStep.median / floor.1.heldBytesPerStep.median]), unit: "×")
            r.add("\(p.label)/floor \(size): page bytes", Samples([f.pageBytes.median / floor.1.pageBytes.median]), unit: "×")
            r.add("\(p.label)/floor \(size): time to first screen", Samples([f.firstScreenMS.median / floor.1.firstScreenMS.median]), unit: "×")
            r.add("\(p.label)/floor \(size): time to first frame", Samples([f.firstFrameMS.median / floor.1.firstFrameMS.median]), unit: "×")
        }
    }
}
