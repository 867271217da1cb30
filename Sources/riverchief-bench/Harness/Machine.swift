import Foundation

/// The machine a run happened on, printed before its figures (docs/performance.md quotes it).
enum BenchMachine {
    static func printHeader() {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        let mem = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        let os = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?
            .dropFirst("PRETTY_NAME=".count).replacingOccurrences(of: "\"", with: "") ?? "unknown"
        let date = ISO8601DateFormatter().string(from: Date())
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(mem) RAM, \(os); run at \(date)")
    }
}
