import Foundation

extension Bench {
    /// An import with the client's default rate limit (10 requests/s) against a sandbox that logs every
    /// request: the busiest one-second window must hold at most 10 requests, with the default number of
    /// files in flight, for the usual three requests a file and for two (description and type given).
    func rateLimitedImport(files count: Int = 60) throws -> [Row] {
        let entries = Array(corpus.good.prefix(count))
        let folder = try linkedFolder(entries, name: "ingest-bench-limited-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var rows: [Row] = []
        for (perFile, extra) in [(3, [String]()), (2, ["--description", "bench", "--conceptual-type", "PROJECTIMAGE"])] {
            let log = NSTemporaryDirectory() + "ingest-bench-limited-\(getpid()).log"
            try? FileManager.default.removeItem(atPath: log)
            defer { try? FileManager.default.removeItem(atPath: log) }
            let outcome: ChildOutcome
            do {
                let sandbox = try SandboxProcess(binary: binary, requestLog: log)
                defer { sandbox.stop() }  // also when runChild throws; the log is complete once the sandbox has shut down
                outcome = try runChild([binary, "import", folder, "--json", "--force"] + extra,
                                       environment: ["SO_BASE_URL": sandbox.baseURL, "SO_TICKET": SandboxProcess.ticket])
            }
            let times = try Self.requestTimes(inLog: log)
            rows.append(Row(name: "import \(count) at 10 req/s, \(perFile) a file", seconds: outcome.seconds,
                            rate: String(format: "%.1f images/s", Double(count) / outcome.seconds),
                            peakRSSBytes: outcome.peakRSSBytes,
                            check: "\(times.count) requests, at most \(Self.busiestSecond(times)) in any 1 s; exit \(outcome.exitStatus)"))
        }
        return rows
    }

    /// The `time` of every line of a sandbox request log, sorted.
    static func requestTimes(inLog path: String) throws -> [Double] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["time"] as? Double
        }.sorted()
    }

    /// The most of `times` (sorted) that fall in any window of one second.
    static func busiestSecond(_ times: [Double]) -> Int {
        var busiest = 0
        var first = 0
        for last in times.indices {
            while times[last] - times[first] >= 1.0 { first += 1 }
            busiest = max(busiest, last - first + 1)
        }
        return busiest
    }
}
