import ArgumentParser
import Foundation
import RiverChiefCore

/// `riverchief-bench pinyin-readings`: writes `Sources/RiverChiefCore/Query/PinyinReadings+Table.swift`,
/// the reading of every character of the three blocks `PinyinReadings` holds, as this toolchain's
/// ICU gives it (`PinyinTable.icuReading`), so that no dashboard parses ICU's Han-Latin rules at
/// start (145 ms of a core). Run again when the toolchain's ICU changes; the tests compare a
/// sample of the table, and every character of the seed speech, with ICU.
struct PinyinReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinyin-readings",
        abstract: "Write the Swift file of pinyin readings (the search's table) from ICU's transforms.")

    @Option(help: "The Swift file to write.") var out: String

    func run() throws {
        var file = """
            // Written by `riverchief-bench pinyin-readings` from ICU's Han-Latin transform (mandarinToLatin,
            // then stripDiacritics, lowercase letters kept); do not edit. Each block's readings in code-point
            // order, separated by single spaces; a character with none has an empty one.

            extension PinyinReadings {
                static let blocks: [Block] = [

            """
        for range in PinyinReadings.ranges {
            let readings = Parallel.map(range.count) { k -> String in
                guard let scalar = Unicode.Scalar(range.lowerBound + UInt32(k)) else { return "" }
                return String(decoding: PinyinTable.icuReading(scalar), as: UTF8.self)
            }
            let hex = String(range.lowerBound, radix: 16, uppercase: true)
            file += "        Block(first: 0x\(hex), readings: \"\(readings.joined(separator: " "))\"),\n"
        }
        file += "    ]\n}\n"
        try Data(file.utf8).write(to: URL(fileURLWithPath: out))
        print("wrote \(out)")
    }
}
