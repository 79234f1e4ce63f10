import Foundation

/// `ingest-bench`: times the built `image-ingest` on a corpus and prints one row a measurement.
///
/// Usage: ingest-bench CORPUS_DIR [--binary PATH] [--runs N] [--only probe,verify,pack,import,limited,big,bombs]
///
/// Each figure is the median of `--runs` whole-process runs; peak RSS is the child's own (wait4).
@main
struct IngestBench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            arguments.removeSubrange(index ... index + 1)
            return value
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let binary = option("--binary") ?? packageRoot + "/.build/release/image-ingest"
        let runs = Int(option("--runs") ?? "3") ?? 3
        let only = Set((option("--only") ?? "probe,verify,pack,import,limited,big,bombs").split(separator: ",").map(String.init))
        guard let corpusDirectory = arguments.first else {
            print("usage: ingest-bench CORPUS_DIR [--binary PATH] [--runs N] [--only probe,verify,pack,import,limited,big,bombs]")
            exit(2)
        }
        let corpus = try Corpus(directory: corpusDirectory)
        let bench = Bench(binary: binary, corpus: corpus, runs: runs)
        print("corpus: \(corpus.good.count) good (\(String(format: "%.1f", Double(corpus.goodBytes) / 1e6)) MB, "
            + "\(String(format: "%.0f", corpus.goodMegapixels)) MP), \(corpus.broken.count) broken; median of \(runs) runs")
        print("binary: \(binary)")
        print(Row.header)
        if only.contains("probe") { try bench.probe().print() }
        if only.contains("verify") { try bench.verify().print() }
        if only.contains("pack") { try bench.pack().print() }
        if only.contains("import") { for row in try bench.importRuns() { row.print() } }
        if only.contains("limited") { for row in try bench.rateLimitedImport() { row.print() } }
        if only.contains("big") { try bench.bigJPEG().print() }
        if only.contains("bombs") { for row in try bench.bombs() { row.print() } }
    }
}

/// One line of the results table.
struct Row {
    var name: String
    var seconds: Double
    var rate: String
    var peakRSSBytes: Int
    var check: String

    static let header = "measurement".padding(toLength: 34, withPad: " ", startingAt: 0)
        + "   seconds  rate                     peak RSS  check"

    func print() {
        let rss = String(format: "%7.1f MB", Double(peakRSSBytes) / 1_048_576)
        Swift.print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(format: "%10.3f  ", seconds) + rate.padding(toLength: 24, withPad: " ", startingAt: 0)
            + rss + "  " + check)
    }
}
