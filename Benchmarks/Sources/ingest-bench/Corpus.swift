import Foundation

/// A corpus written by `make-corpus.py`: its MANIFEST.tsv says which files are good and what they are.
struct Corpus {
    struct Entry {
        var path: String
        var mime: String
        var width: Int
        var height: Int
        var bytes: Int
    }

    var directory: String
    var good: [Entry]
    var broken: [String]

    init(directory: String) throws {
        self.directory = directory
        let manifest = try String(contentsOfFile: directory + "/MANIFEST.tsv", encoding: .utf8)
        var good: [Entry] = []
        var broken: [String] = []
        for line in manifest.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { continue }
            let path = directory + "/" + fields[0]
            if fields[1].hasPrefix("image/") {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                good.append(Entry(path: path, mime: fields[1], width: Int(fields[2]) ?? 0, height: Int(fields[3]) ?? 0, bytes: size))
            } else if fields[1] == "invalid" {
                broken.append(path)
            }
        }
        self.good = good
        self.broken = broken
    }

    var goodBytes: Int { good.reduce(0) { $0 + $1.bytes } }
    var goodMegapixels: Double { good.reduce(0.0) { $0 + Double($1.width * $1.height) } / 1e6 }

    /// Writes a list file (one path a line) and returns its path.
    func writeList(_ paths: [String], name: String) throws -> String {
        let path = NSTemporaryDirectory() + "ingest-bench-\(getpid())-\(name).list"
        try (paths.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
