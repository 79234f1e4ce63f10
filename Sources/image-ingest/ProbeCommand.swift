import ArgumentParser
import ImageCodecs
import ImageIngest

/// `image-ingest probe`: type, size and orientation of image files from their headers, optionally
/// a full decode of each; no network.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Read each image's type, size and orientation from its header (no network).",
        discussion: """
            One line per file in input order; files are processed concurrently. With --json each \
            line is a JSON object with path, mime, width, height, displayWidth, displayHeight, \
            orientation, bitDepth, progressive, interlaced; a failure has "error" ("stage: reason") \
            and "stage". Exit status 0 when every file passed, 1 when any failed.
            """)

    @Argument(help: "Image files or folders.")
    var paths: [String] = []

    @Flag(help: "Also decode every scanline and fail damaged files.")
    var verify = false

    @Flag(help: "With --verify, also fail on decoder warnings that lose no pixel (stray bytes, ancillary-chunk errors).")
    var strict = false

    @Flag(help: "Print one JSON object per line.")
    var json = false

    @Flag(name: .shortAndLong, help: "Descend into subfolders of folder arguments.")
    var recursive = false

    @Option(name: .customLong("files-from"), help: "A file listing one path per line ('-' for standard input).")
    var filesFrom: String?

    @Option(help: "Files processed at once (default: the number of cores).")
    var jobs: Int?

    @Option(name: .customLong("memory-budget"), help: ArgumentHelp("""
        With --verify: memory the decodes in flight may hold at once, each estimated from its file's header \
        (a progressive JPEG's whole coefficient buffer). A file that needs more is decoded alone. Default 256MiB.
        """, valueName: "SIZE"))
    var memoryBudget: ByteSize?

    @Option(help: "Largest width x height accepted.")
    var maxPixels: Int = CodecLimits().maxPixels

    @Flag(name: [.customLong("pack"), .customLong("pack-only")],
          help: "Instead of probing, zlib-pack each file and print its sizes and SHA-256 (a benchmark of the pack stage).")
    var packOnly = false

    @Option(name: [.customLong("zip-level"), .customLong("pack-level")], help: "zlib level for --pack (0...9).")
    var packLevel: Int = ZipPolicy.defaultLevel

    func validate() throws {
        if paths.isEmpty && filesFrom == nil { throw ValidationError("Give at least one PATH or --files-from LIST.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if !(0...9).contains(packLevel) { throw ValidationError("--zip-level must be 0...9.") }
        if strict && !verify { throw ValidationError("--strict applies to the full decode: add --verify.") }
    }

    func run() async throws {
        var options = IngestOptions()
        options.verify = verify && !packOnly
        options.verifyPolicy = strict ? .strict : .standard
        options.limits = CodecLimits(maxPixels: maxPixels)
        options.memoryBudget = memoryBudget?.bytes ?? IngestOptions.defaultMemoryBudget
        let paths = self.paths.map(ArgumentBytes.of)
        let (json, verified) = (self.json, options.verify)
        let logger = CLILogger.make()
        var output = ProbeOutputBuffer(fd: 1)
        var failures = 0
        do throws(IngestError) {
            if packOnly {
                // the import's own preparation up to the network, with every payload zipped at --zip-level
                options.zip = .always(level: packLevel)
                try await Ingestor.prepare(pathBytes: paths, into: nil, listFile: filesFrom, recursive: recursive, options: options,
                                           jobs: jobs, logger: logger) { path, outcome in
                    if case .failure = outcome { failures += 1 }
                    output.append { ProbeOutput.write(path, packed: outcome.map(\.0), json: json, to: &$0) }
                }
            } else {
                try await Ingestor.probe(pathBytes: paths, listFile: filesFrom, recursive: recursive, options: options,
                                         jobs: jobs, logger: logger) { path, outcome in
                    if case .failure = outcome { failures += 1 }
                    output.append { ProbeOutput.write(path, outcome, verified: verified, json: json, to: &$0) }
                }
            }
        } catch {
            throw ProbeCommandError(error.message)
        }
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}

/// A usage problem of the probe command (a list file that cannot be read).
struct ProbeCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
