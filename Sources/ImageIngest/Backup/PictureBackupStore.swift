import ImageCodecs

import LibC

/// The `backups/` folder beside a journal: every picture an import replaced, kept by the SHA-256 of its bytes as
/// the server served them (`backups/ab/ab12…`), so one picture kept twice is one file.
///
/// A picture is written to a temporary name, fsynced, renamed into place and its folder fsynced, all before the
/// upload that replaces it starts: once `keep` returns, the bytes survive a crash of the process or the machine.
struct PictureBackupStore: Sendable {
    /// The folder (`<journal's folder>/backups`).
    let folder: String

    /// The backups folder beside the journal at `journalPath`.
    init(besideJournal journalPath: String) {
        let parent = journalPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        folder = (parent.isEmpty ? "." : parent) + "/backups"
    }

    init(folder: String) {
        self.folder = folder
    }

    /// Where the picture with this SHA-256 is (or would be) kept.
    func path(forSHA256 sha256: String) -> String {
        "\(folder)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Keeps `bytes` durably and answers their SHA-256 (lowercase hex), the name to find them by.
    /// - Throws: `IngestError` (`.backup`, `.backupUnwritable`) naming the path, the errno's words and the way out.
    func keep(_ bytes: [UInt8], displayPath: String) throws(IngestError) -> String {
        let sha256 = ImagePacker.sha256Hex(bytes)
        let final = path(forSHA256: sha256)
        let subfolder = "\(folder)/\(sha256.prefix(2))"
        try makeFolder(folder, displayPath: displayPath)
        try makeFolder(subfolder, displayPath: displayPath)
        // the same picture kept before: its file is complete (it was renamed into place only after its fsync)
        if let existing = try? Self.readAll(final), ImagePacker.sha256Hex(existing) == sha256 { return sha256 }
        // a name of this call's own: two files keeping the same picture at once never write one temporary file
        let temporary = "\(subfolder)/.\(sha256).\(getpid()).\(UInt64.random(in: .min ... .max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create", temporary, errno, displayPath) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                LibC.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw failure("cannot write", temporary, code, displayPath)
            }
            written += result
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw failure("cannot flush", temporary, code, displayPath)
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            // another file kept the same picture meanwhile: its copy is as good as this one
            if let existing = try? Self.readAll(final), ImagePacker.sha256Hex(existing) == sha256 { return sha256 }
            throw failure("cannot rename into", final, code, displayPath)
        }
        try syncFolder(subfolder, displayPath: displayPath)
        return sha256
    }

    /// The kept picture with this SHA-256, checked against it.
    /// - Throws: `IngestError` (`.backup`) when the file is missing, unreadable or no longer those bytes.
    func read(sha256: String, displayPath: String) throws(IngestError) -> [UInt8] {
        let location = path(forSHA256: sha256)
        let bytes: [UInt8]
        do {
            bytes = try Self.readAll(location)
        } catch {
            throw IngestError(stage: .backup, code: error.code == ENOENT ? .notFound : .unreadable,
                              message: "the kept picture \(location) cannot be read: \(Self.words(error.code))", path: displayPath,
                              cause: .system(errno: error.code))
        }
        guard ImagePacker.sha256Hex(bytes) == sha256 else {
            throw IngestError(stage: .backup, code: .corruptData,
                              message: "the kept picture \(location) is not the picture that was kept (its SHA-256 differs)",
                              path: displayPath)
        }
        return bytes
    }

    // MARK: POSIX

    private struct Errno: Error { let code: Int32 }

    private static func readAll(_ path: String) throws(Errno) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Errno(code: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { LibC.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Errno(code: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    private func makeFolder(_ path: String, displayPath: String) throws(IngestError) {
        if mkdir(path, 0o755) == 0 {
            // the new folder's entry is durable only once its parent is synced
            let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try syncFolder(parent.isEmpty ? "." : parent, displayPath: displayPath)
            return
        }
        let code = errno
        var info = stat()
        if code == EEXIST, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
        throw failure("cannot create the folder", path, code == EEXIST ? ENOTDIR : code, displayPath)
    }

    private func syncFolder(_ path: String, displayPath: String) throws(IngestError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open the folder", path, errno, displayPath) }
        defer { close(descriptor) }
        if fsync(descriptor) != 0, errno != EINVAL { throw failure("cannot flush the folder", path, errno, displayPath) }
    }

    private func failure(_ action: String, _ path: String, _ code: Int32, _ displayPath: String) -> IngestError {
        let advice = code == ENOSPC || code == EDQUOT
            ? "make room, or pass --journal PATH to keep the journal and its backups elsewhere (--no-backup keeps none)"
            : "pass --journal PATH to keep the journal and its backups in a folder you can write (--no-backup keeps none)"
        return IngestError(stage: .backup, code: .backupUnwritable,
                           message: "the project's picture was not replaced: \(action) \(path): \(Self.words(code)); \(advice)",
                           path: displayPath, cause: .system(errno: code))
    }

    private static func words(_ code: Int32) -> String { String(cString: strerror(code)) }
}
