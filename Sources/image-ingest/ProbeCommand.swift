import ArgumentParser
import ImageCodecs
import ImageIngest

import LibC

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
        let arguments = paths.map(ProbePath.init(argument:))
        // A few arguments are told apart (file or folder) here, so that a folder's files spread over every
        // core. Many arguments are a shell glob's files: telling them apart here would cost a stat each on
        // top of the probe's own, so each worker finds a folder among them when its probe meets one.
        let expandInWorkers = arguments.count > ProbeFileList.upFrontExpansionLimit
        var files = expandInWorkers ? arguments : ProbeFileList.expand(arguments, recursive: recursive)
        if let filesFrom { files += try ProbeFileList.lines(ofListFile: filesFrom) }
        let task = ProbeTask(
            verify: verify, policy: strict ? .strict : .standard, packLevel: packOnly ? packLevel : nil,
            limits: CodecLimits(maxPixels: maxPixels),
            budget: MemoryBudget(bytes: memoryBudget?.bytes ?? IngestOptions.defaultMemoryBudget),
            expandFolders: (recursive: recursive, upTo: expandInWorkers ? arguments.count : 0))
        let workers = jobs ?? ProbeTask.cores
        let json = self.json
        // Small batches amortise task overhead for header-only work; a decode is heavy on its own.
        let batch = (verify || packOnly) ? 1 : 32
        var output = ProbeOutputBuffer(fd: 1)
        var failures = 0
        let list = files
        let batches = stride(from: 0, to: list.count, by: batch).map { $0..<min($0 + batch, list.count) }
        // A bounded window: at most `workers` batches in flight (so --jobs bounds the parallel decodes), and
        // finished batches wait only until the ones before them are printed.
        await OrderedWork.run(count: batches.count, width: workers, work: { index -> (bytes: [UInt8], failed: Int) in
            var bytes: [UInt8] = []
            var failed = 0
            for offset in batches[index] {
                for outcome in await task.outcomes(for: list[offset], isArgument: offset < task.expandFolders.upTo) {
                    if outcome.failed { failed += 1 }
                    outcome.write(json: json, to: &bytes)
                }
            }
            return (bytes, failed)
        }, deliver: { (_, batch: (bytes: [UInt8], failed: Int)) in
            output.append(batch.bytes)
            failures += batch.failed
        })
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}

/// What the probe command does to one file.
struct ProbeTask: Sendable {
    var verify: Bool
    var policy: VerifyPolicy = .standard
    var packLevel: Int?
    var limits: CodecLimits
    /// What the decodes in flight may hold at once (`--memory-budget`).
    var budget: MemoryBudget
    /// Whether the first `upTo` files (command-line arguments not told apart up front) may be folders, walked
    /// (with `recursive`) where they stand.
    var expandFolders: (recursive: Bool, upTo: Int) = (false, 0)

    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The outcome of `path`; for an argument that turns out to be a folder, the outcomes of its files in order.
    /// The check costs nothing for a file: only a path the probe refused as unreadable is looked at again.
    func outcomes(for path: ProbePath, isArgument: Bool) async -> [ProbeOutcome] {
        let outcome = await run(path: path)
        guard isArgument, outcome.error?.code == .io, ProbeFileList.isDirectory(path) else { return [outcome] }
        var outcomes: [ProbeOutcome] = []
        for file in ProbeFileList.expand([path], recursive: expandFolders.recursive) {
            outcomes.append(await run(path: file))
        }
        return outcomes
    }

    func run(path: ProbePath) async -> ProbeOutcome {
        var outcome = ProbeOutcome(path: path.display)
        // O_NONBLOCK: opening a FIFO must not wait for a writer (the codec then refuses it).
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard fd >= 0 else {
            let code = errno
            let failure = path.withCString { FileSnapshot.openError(code, cPath: $0, displayPath: path.display) }
            outcome.stage = "read"
            outcome.error = CodecError(code: .io, message: failure.code == .notARegularFile ? failure.message : "cannot open: " + failure.message)
            outcome.codeName = failure.code.name
            return outcome
        }
        defer { close(fd) }
        if let packLevel { return pack(fd: fd, level: packLevel, outcome: outcome) }
        do throws(CodecError) {
            outcome.stage = "probe"
            guard verify else {
                outcome.header = try ImageProbe.probe(fileDescriptor: fd, limits: limits)
                outcome.stage = nil
                return outcome
            }
            // the decode takes what it needs (from the header) from the budget; one that needs more than
            // all of it waits until it is alone
            let (header, need, _) = try DecodeMemory.estimate(fileDescriptor: fd, limits: limits)
            outcome.header = header
            let held = await budget.acquire(need)
            defer { budget.release(held) }
            outcome.stage = "verify"
            let report = try ImageVerifier.verify(fileDescriptor: fd, limits: limits, policy: policy)
            outcome.notes = report.notes
            outcome.verified = true
            outcome.stage = nil
        } catch {
            outcome.error = error
            if error.code == .io {
                outcome.stage = "read"
                var info = stat()
                if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG { Self.refuseNotRegular(mode: info.st_mode, &outcome) }
            }
        }
        return outcome
    }

    /// A FIFO, device or folder where a file was expected: the code and words `import` gives it.
    private static func refuseNotRegular(mode: mode_t, _ outcome: inout ProbeOutcome) {
        outcome.error = CodecError(code: .io, message: FileSnapshot.notRegularMessage(kind: FileSnapshot.kind(ofMode: UInt32(mode))))
        outcome.codeName = IngestError.Code.notARegularFile.name
    }

    private func pack(fd: Int32, level: Int, outcome: ProbeOutcome) -> ProbeOutcome {
        var outcome = outcome
        outcome.stage = "pack"
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            outcome.stage = "read"
            Self.refuseNotRegular(mode: info.st_mode, &outcome)
            return outcome
        }
        let size = Int(info.st_size)
        let (bytes, failure) = FileReader.readAll(fileDescriptor: fd, size: size)
        if failure != nil || bytes.count != size {
            outcome.stage = "read"
            outcome.error = CodecError(code: .io, message: failure.map { String(cString: strerror($0)) } ?? "short read")
            return outcome
        }
        do throws(CodecError) {
            outcome.packed = try ImagePacker.pack(bytes, policy: .always(level: level))
            outcome.stage = nil
        } catch {
            outcome.error = error
        }
        return outcome
    }
}
