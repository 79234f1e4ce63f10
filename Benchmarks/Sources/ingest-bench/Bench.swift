import Foundation

/// The measurements: each runs the `image-ingest` executable as a user would and checks its answers.
struct Bench {
    var binary: String
    var corpus: Corpus
    var runs: Int

    private func median(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildOutcome {
        var outcomes: [ChildOutcome] = []
        for _ in 0 ..< max(1, runs) { outcomes.append(try runChild(arguments, environment: environment)) }
        outcomes.sort { $0.seconds < $1.seconds }
        return outcomes[outcomes.count / 2]
    }

    private func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Header probe of every good file: files/s, and every answer checked against the manifest.
    func probe() throws -> Row {
        let list = try corpus.writeList(corpus.good.map(\.path), name: "probe")
        let outcome = try median([binary, "probe", "--json", "--files-from", list])
        let expected = Dictionary(uniqueKeysWithValues: corpus.good.map { ($0.path, $0) })
        var right = 0
        for object in jsonLines(outcome.standardOutput) {
            guard let path = object["path"] as? String, let entry = expected[path], object["error"] == nil else { continue }
            if object["mime"] as? String == entry.mime, object["width"] as? Int == entry.width,
                object["height"] as? Int == entry.height
            {
                right += 1
            }
        }
        let rate = Double(corpus.good.count) / outcome.seconds
        return Row(name: "probe (header)", seconds: outcome.seconds, rate: String(format: "%.0f files/s", rate),
                   peakRSSBytes: outcome.peakRSSBytes, check: "\(right)/\(corpus.good.count) right")
    }

    /// Full decode of good and broken files: MB/s and megapixels/s of the good ones.
    func verify() throws -> Row {
        let list = try corpus.writeList(corpus.good.map(\.path) + corpus.broken, name: "verify")
        let outcome = try median([binary, "probe", "--verify", "--json", "--files-from", list])
        var failed = Set<String>()
        for object in jsonLines(outcome.standardOutput) {
            if let path = object["path"] as? String, let error = object["error"] as? String, !error.isEmpty { failed.insert(path) }
        }
        let goodPassed = corpus.good.filter { !failed.contains($0.path) }.count
        let brokenCaught = corpus.broken.filter { failed.contains($0) }.count
        let megabytes = Double(corpus.goodBytes) / 1e6
        return Row(name: "verify (full decode)", seconds: outcome.seconds,
                   rate: String(format: "%.1f MB/s %.0f MP/s", megabytes / outcome.seconds, corpus.goodMegapixels / outcome.seconds),
                   peakRSSBytes: outcome.peakRSSBytes,
                   check: "good \(goodPassed)/\(corpus.good.count), broken caught \(brokenCaught)/\(corpus.broken.count)")
    }

    /// zlib level 6 over every good file.
    func pack() throws -> Row {
        let list = try corpus.writeList(corpus.good.map(\.path), name: "pack")
        let outcome = try median([binary, "probe", "--pack", "--zip-level", "6", "--json", "--files-from", list])
        let packed = jsonLines(outcome.standardOutput).filter { $0["blobSize"] != nil }.count
        let megabytes = Double(corpus.goodBytes) / 1e6
        return Row(name: "pack (zlib level 6)", seconds: outcome.seconds, rate: String(format: "%.1f MB/s", megabytes / outcome.seconds),
                   peakRSSBytes: outcome.peakRSSBytes, check: "\(packed)/\(corpus.good.count) packed")
    }

    /// End-to-end import (verify on, zip off) against a sandbox process on loopback, for 1000 and all files,
    /// beside verify-only on the same files.
    func importRuns() throws -> [Row] {
        var rows: [Row] = []
        // 1000 files, then all of them; one run when there are no more than 1000
        var counts = [min(1000, corpus.good.count)]
        if corpus.good.count > 1000 { counts.append(corpus.good.count) }
        for count in counts where count > 0 {
            let entries = Array(corpus.good.prefix(count))
            let folder = try linkedFolder(entries, name: "ingest-bench-import-\(getpid())-\(count)")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let list = try corpus.writeList(entries.map(\.path), name: "verify-\(count)")
            let verifyOnly = try median([binary, "probe", "--verify", "--json", "--files-from", list])

            let sandbox = try SandboxProcess(binary: binary)
            defer { sandbox.stop() }
            // the median, as for verify-only (never the best of one beside the median of the other)
            let outcome = try median([binary, "import", folder, "--json", "--force", "--requests-per-second", "0"],
                                     environment: ["SO_BASE_URL": sandbox.baseURL, "SO_TICKET": SandboxProcess.ticket])
            let done = jsonLines(outcome.standardOutput).filter { ($0["event"] as? String) == "done" }.count
            let ratio = verifyOnly.seconds / outcome.seconds
            rows.append(Row(name: "import \(count) files (verify, no zip)", seconds: outcome.seconds,
                            rate: String(format: "%.0f images/s", Double(count) / outcome.seconds),
                            peakRSSBytes: outcome.peakRSSBytes,
                            check: "\(done)/\(count) done; exit \(outcome.exitStatus); "
                                + String(format: "%.0f%% of verify-only (%.3f s)", ratio * 100, verifyOnly.seconds)))
        }
        return rows
    }

    /// A fresh temporary folder `name` holding a hard link to each of `entries` (by its file name); the
    /// caller removes it. Removed again here when a link cannot be made.
    func linkedFolder(_ entries: [Corpus.Entry], name: String) throws -> String {
        let folder = NSTemporaryDirectory() + name
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            for entry in entries {
                try FileManager.default.linkItem(atPath: entry.path, toPath: folder + "/" + (entry.path as NSString).lastPathComponent)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        return folder
    }

    /// Verify of one 10000×10000 JPEG: peak RSS must stay small (one row buffer).
    func bigJPEG() throws -> Row {
        let path = NSTemporaryDirectory() + "ingest-bench-10000x10000-noise.jpg"
        if !FileManager.default.fileExists(atPath: path) {
            let make = try runChild(["python3", "-c", """
                from PIL import Image
                noise = Image.effect_noise((10000, 10000), 48)
                ramp = Image.linear_gradient('L').resize((10000, 10000))
                Image.merge('RGB', (noise, ramp, ramp.transpose(Image.Transpose.ROTATE_90))).save('\(path)', quality=90)
                """])
            guard make.exitStatus == 0 else { throw BenchError("cannot write the 10000x10000 JPEG (needs Pillow)") }
        }
        let outcome = try median([binary, "probe", "--verify", "--json", path])
        let ok = jsonLines(outcome.standardOutput).first.map { $0["error"] == nil } ?? false
        return Row(name: "verify one 10000x10000 JPEG", seconds: outcome.seconds, rate: "100 MP",
                   peakRSSBytes: outcome.peakRSSBytes, check: ok ? "passed" : "FAILED")
    }
}
