import ArgumentParser
import ImageCodecs
import ImageIngest

import LibC

/// `image-ingest prepare`: writes into a folder the picture each file would upload (read, probe, verify,
/// resized, upright, without metadata, as `put` and `import` make it), so it can be looked at first; no network.
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Write the picture each file would upload into a folder, resized and upright as asked (no network).",
        discussion: """
            Runs the pipeline's stages up to the network (read, probe, verify, then --max-side and \
            --strip-metadata as put and import do) and writes each result to --out under the file's own \
            name; an existing file there is not overwritten. One line per file in input order (with --json, \
            a JSON object with path, out, mime, width, height, bytes, sourceWidth, sourceHeight, resized, \
            upright, metadataRemoved; a failure has "error", "stage" and "code"). Exit status 0 when every \
            file was written, 1 when any failed.
            """)

    @Argument(help: "Image files or folders.")
    var paths: [String] = []

    @Option(name: .customLong("files-from"), help: "A file listing one path per line ('-' for standard input).")
    var filesFrom: String?

    @Flag(name: .shortAndLong, help: "Descend into subfolders of folder arguments.")
    var recursive = false

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write into (created when missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Fit larger pictures within N pixels on their long side (as put and import).", valueName: "N"))
    var maxSide: Int?

    @Option(help: ArgumentHelp("JPEG quality (1-100) of resized or re-encoded pictures.", valueName: "Q"))
    var jpegQuality: Int = PictureResizer.defaultJPEGQuality

    @Flag(help: "Remove EXIF (GPS included), XMP, IPTC, comments and PNG text/time chunks (as put and import).")
    var stripMetadata = false

    @Flag(help: "Skip the full decode (faster; a damaged file may then be written as it is).")
    var noVerify = false

    @Option(help: "Files worked on at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Print one JSON object per line.")
    var json = false

    func validate() throws {
        if paths.isEmpty && filesFrom == nil { throw ValidationError("Give at least one PATH or --files-from LIST.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        try ProcessingOptions.validatePicture(maxSide: maxSide, jpegQuality: jpegQuality)
    }

    func run() async throws {
        var files = ProbeFileList.expand(paths.map(ProbePath.init(argument:)), recursive: recursive)
        if let filesFrom { files += try ProbeFileList.lines(ofListFile: filesFrom) }
        if mkdir(out, 0o755) != 0 && errno != EEXIST {
            throw CLIFailure.configuration("cannot create the folder \(out): \(String(cString: strerror(errno)))")
        }
        var options = IngestOptions()
        options.verify = !noVerify
        options.maxSide = maxSide
        options.jpegQuality = jpegQuality
        options.stripMetadata = stripMetadata
        let work = PrepareWork(options: options, folder: out, budget: MemoryBudget(bytes: options.memoryBudget))
        let json = self.json
        var output = ProbeOutputBuffer(fd: 1)
        var failures = 0
        let list = files
        // at most --jobs files in flight, printed in input order
        await OrderedWork.run(count: list.count, width: jobs ?? ProbeTask.cores, work: { index -> PrepareWork.Line in
            await work.run(path: list[index].display)
        }, deliver: { (_, line: PrepareWork.Line) in
            output.append(Array((json ? line.json : line.text).utf8) + [UInt8(ascii: "\n")])
            if line.failed { failures += 1 }
        })
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}

/// One file of `prepare`: the pipeline's CPU stages within the memory budget, then the result written.
struct PrepareWork: Sendable {
    var options: IngestOptions
    var folder: String
    var budget: MemoryBudget

    struct Line: Sendable {
        var json: String
        var text: String
        var failed: Bool
    }

    func run(path: String) async -> Line {
        var info = stat()
        let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        let need = FileMemoryNeed.estimate(path: path, size: size, options: options)
        let held = await budget.acquire(need.total)
        defer { budget.release(held) }
        do throws(IngestError) {
            let (bytes, _) = try FileReader.read(path: path, displayPath: path, maxBytes: options.limits.maxFileBytes)
            let prepared = try PreparedImage.prepare(bytes: bytes, displayPath: path, options: options)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let target = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            try save(prepared.packed.payload, to: target, displayPath: path)
            return success(path: path, target: target, prepared: prepared)
        } catch {
            var line = JSONLine()
            line.add("path", path)
            line.add("error", "\(error.stage.name): \(error.message)")
            line.add("stage", error.stage.name)
            line.add("code", error.code.name)
            return Line(json: line.line, text: "\(path): \(error.stage.name): \(error.message)", failed: true)
        }
    }

    private func success(path: String, target: String, prepared: PreparedImage) -> Line {
        let header = prepared.uploadedHeader
        let changes = prepared.changes
        var line = JSONLine()
        line.add("path", path)
        line.add("out", target)
        line.add("mime", header.format.mimeType)
        line.add("width", header.width)
        line.add("height", header.height)
        line.add("bytes", prepared.packed.originalSize)
        line.add("sourceWidth", prepared.header.displayWidth)
        line.add("sourceHeight", prepared.header.displayHeight)
        EventJSON.addChanges(changes, to: &line)
        line.add("carriedGPS", prepared.carriedGPS)
        line.add("uploadsGPS", prepared.uploadsGPS)
        var what: [String] = []
        if changes.resized { what.append("resized from \(prepared.header.displayWidth)×\(prepared.header.displayHeight)") }
        if let upright = changes.upright { what.append(upright == .lossless ? "turned upright without re-encoding" : "turned upright by a re-encode") }
        if changes.metadataRemoved && !changes.resized { what.append("metadata removed") }
        if changes.isEmpty { what.append("as it is") }
        let text = "\(path) → \(target): \(header.format.mimeType) \(header.width)×\(header.height), "
            + "\(prepared.packed.originalSize) bytes (\(what.joined(separator: ", ")))"
        return Line(json: line.line, text: text, failed: false)
    }

    /// Writes `bytes` to a new file (never over an existing one).
    private func save(_ bytes: [UInt8], to target: String, displayPath: String) throws(IngestError) {
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "\(target) exists already (prepare does not overwrite)" : "cannot create \(target): \(String(cString: strerror(errno)))"
            throw IngestError(stage: .record, code: .io, message: reason, path: displayPath)
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw IngestError(stage: .record, code: .io, message: "cannot write \(target): \(String(cString: strerror(errno)))", path: displayPath)
            }
            offset += written
        }
    }
}
