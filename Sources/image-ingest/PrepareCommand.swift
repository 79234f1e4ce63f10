import ArgumentParser
import ImageCodecs
import ImageIngest

/// `image-ingest prepare`: writes into a folder the picture each file would upload (read, probe, verify,
/// resized, upright, without metadata, as `put` and `import` make it), so it can be looked at first; no network.
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Write the picture each file would upload into a folder, resized and upright as asked (no network).",
        discussion: """
            Runs the pipeline's stages up to the network (read, probe, verify, then --convert, --max-side and \
            --strip-metadata as put and import do) and writes each result to --out under the file's own \
            name; an existing file there is not overwritten. One line per file in input order (with --json, \
            a JSON object with path, out, mime, width, height, bytes, sourceWidth, sourceHeight, convertedFrom, \
            resized, upright, metadataRemoved; a failure has "error", "stage" and "code"). Exit status 0 when every \
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

    @Option(help: ArgumentHelp("""
        HEIC/HEIF, WebP, BMP and TIFF: auto (default) writes the JPEG or PNG they would go up as (as put and \
        import); never refuses them.
        """, valueName: "auto|never"))
    var convert: ConvertChoice = .auto

    @Flag(name: .customLong("keep-tiff"), help: "Write TIFF as it is (as put and import with --keep-tiff).")
    var keepTIFF = false

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
        var options = IngestOptions()
        options.verify = !noVerify
        options.maxSide = maxSide
        options.jpegQuality = jpegQuality
        options.stripMetadata = stripMetadata
        options.convert = convert == .auto
        options.keepTIFF = keepTIFF
        let json = self.json
        var output = ProbeOutputBuffer(fd: 1)
        var failures = 0
        do throws(IngestError) {
            try await Ingestor.prepare(pathBytes: paths.map(ArgumentBytes.of), into: out, listFile: filesFrom, recursive: recursive,
                                       options: options, jobs: jobs, logger: CLILogger.make()) { path, outcome in
                switch outcome {
                case .success(let (result, target)):
                    output.append(Array(Self.line(path, result, target: target ?? "", json: json).utf8) + [UInt8(ascii: "\n")])
                case .failure(let error):
                    failures += 1
                    var line = JSONLine()
                    line.add("path", path)
                    line.add("error", "\(error.stage.name): \(error.message)")
                    line.add("stage", error.stage.name)
                    line.add("code", error.code.name)
                    output.append(Array((json ? line.line : "\(path): \(error.stage.name): \(error.message)").utf8) + [UInt8(ascii: "\n")])
                }
            }
        } catch where error.stage == .discover {
            throw ProbeCommandError(error.message)
        } catch {
            throw CLIFailure.configuration(error.message).exit()
        }
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }

    /// A written picture's line: JSON, or for people.
    private static func line(_ path: String, _ result: IngestResult, target: String, json: Bool) -> String {
        let header = result.header
        let changes = result.changes
        guard !json else {
            var line = JSONLine()
            line.add("path", path)
            line.add("out", target)
            line.add("mime", header.format.mimeType)
            line.add("width", header.width)
            line.add("height", header.height)
            line.add("bytes", result.originalSize)
            line.add("sourceWidth", result.sourceHeader.displayWidth)
            line.add("sourceHeight", result.sourceHeader.displayHeight)
            line.add("convertedFrom", changes.convertedFrom?.name)
            line.add("resized", changes.resized)
            line.add("upright", changes.upright?.rawValue)
            line.add("metadataRemoved", changes.metadataRemoved)
            line.add("carriedGPS", result.carriedGPS)
            line.add("uploadsGPS", result.uploadedWithGPS)
            if !result.notes.isEmpty { line.add("notes", strings: result.notes) }
            return line.line
        }
        var what: [String] = []
        if let source = changes.convertedFrom { what.append("converted from \(source.name)") }
        if changes.resized { what.append("resized from \(result.sourceHeader.displayWidth)×\(result.sourceHeader.displayHeight)") }
        if let upright = changes.upright { what.append(upright == .lossless ? "turned upright without re-encoding" : "turned upright by a re-encode") }
        if changes.metadataRemoved && !changes.resized && changes.convertedFrom == nil { what.append("metadata removed") }
        if changes.isEmpty { what.append("as it is") }
        return "\(path) → \(target): \(header.format.mimeType) \(header.width)×\(header.height), "
            + "\(result.originalSize) bytes (\(what.joined(separator: ", ")))"
            + result.notes.map { "; note: \($0)" }.joined()
    }
}
