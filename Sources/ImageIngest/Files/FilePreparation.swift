import ImageCodecs

import LibC

/// One file of `Ingestor.prepare`: the import's own way to the network (one open, the memory need estimated from
/// the header with `pread`, the budget, the whole read, then `PreparedImage.prepare`), and the picture that would be
/// uploaded written into a folder.
struct FilePreparation: Sendable {
    var options: IngestOptions
    var budget: MemoryBudget
    /// Where each picture is written; nil writes nothing.
    var folder: String?

    /// The result, and where the picture was written.
    func run(_ path: RawPath) async -> Result<(IngestResult, writtenTo: String?), IngestError> {
        do throws(IngestError) {
            let fd = try path.withCString { cPath throws(IngestError) in try FileReader.open(cPath: cPath, displayPath: path.display) }
            defer { close(fd) }
            var info = stat()
            let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
            let need = FileMemoryNeed.estimate(descriptor: fd, size: size, options: options)
            let held = await budget.acquire(need.total)
            defer { budget.release(held) }
            let (bytes, snapshot) = try FileReader.read(descriptor: fd, displayPath: path.display, maxBytes: options.limits.maxFileBytes)
            let prepared = try PreparedImage.prepare(bytes: bytes, displayPath: path.display, options: options,
                                                     probed: need.header)
            let result = prepared.result(path: path.display, projectId: 0, bytes: snapshot.size)
            guard let folder else { return .success((result, nil)) }
            let target = Self.target(in: folder, for: path, prepared: prepared)
            try Self.save(prepared.packed.payload, to: target, displayPath: path.display)
            return .success((result, target.display))
        } catch {
            return .failure(error)
        }
    }

    /// `folder/<the file's name>`; a converted picture's name ends in its new format's extension.
    static func target(in folder: String, for path: RawPath, prepared: PreparedImage) -> RawPath {
        var name = path.lastComponent
        let format = prepared.uploadedHeader.format
        if format != prepared.header.format, let ext = format == .jpeg ? "jpg" : format == .png ? "png" : nil {
            if let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex { name.removeSubrange(dot...) }
            name += Array(".\(ext)".utf8)
        }
        return RawPath(folder).child(name)
    }

    /// Creates `folder` when missing.
    /// - Throws: `IngestError` at `.record` when it cannot be created.
    static func createFolder(_ folder: String) throws(IngestError) {
        guard mkdir(folder, 0o755) != 0, errno != EEXIST else { return }
        let code = errno
        throw IngestError(stage: .record, code: .io, message: "cannot create the folder \(folder): \(String(cString: strerror(code)))",
                          path: folder, cause: .system(errno: code))
    }

    /// Writes `bytes` to a new file (never over an existing one).
    private static func save(_ bytes: [UInt8], to target: RawPath, displayPath: String) throws(IngestError) {
        let fd = target.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard fd >= 0 else {
            let code = errno
            let reason = code == EEXIST ? "\(target.display) exists already (prepare does not overwrite)"
                : "cannot create \(target.display): \(String(cString: strerror(code)))"
            throw IngestError(stage: .record, code: .io, message: reason, path: displayPath, cause: .system(errno: code))
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw IngestError(stage: .record, code: .io, message: "cannot write \(target.display): \(String(cString: strerror(code)))",
                                  path: displayPath, cause: .system(errno: code))
            }
            offset += written
        }
    }
}
