import LibC

/// A file's identity as `stat` sees it: enough to notice it changed.
package struct FileSnapshot: Hashable, Sendable {
    package var size: Int
    var modificationTimeNanoseconds: Int64
    var inode: UInt64

    /// Stats `path` (following links); fails for anything that is not a regular file.
    static func take(path: String, displayPath: String) throws(IngestError) -> FileSnapshot {
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(errno, path: path, displayPath: displayPath) }
        return try FileSnapshot(info, displayPath: displayPath)
    }

    /// The read-stage error for a failed `stat` or `open` of `path` with `code` in errno: a dangling link is
    /// `notARegularFile` (as the folder walk says), a missing file `notFound`, a refused one `unreadable`.
    package static func openError(_ code: Int32, path: String? = nil, displayPath: String) -> IngestError {
        guard let path else { return openError(code, cPath: nil, displayPath: displayPath) }
        return path.withCString { openError(code, cPath: $0, displayPath: displayPath) }
    }

    /// As `openError(_:path:displayPath:)`, for a path given as its own bytes (a name that is not UTF-8 is looked
    /// at as it is).
    package static func openError(_ code: Int32, cPath: UnsafePointer<CChar>?, displayPath: String) -> IngestError {
        var link = stat()
        if code == ENOENT, let cPath, lstat(cPath, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
            return IngestError(stage: .read, code: .notARegularFile, message: notRegularMessage(kind: "a dangling symbolic link"),
                               path: displayPath, cause: .system(errno: code))
        }
        let kind: IngestError.Code = switch code {
        case ENOENT: .notFound
        case EACCES, EPERM: .unreadable
        default: .io
        }
        return IngestError(stage: .read, code: kind, message: String(cString: strerror(code)), path: displayPath,
                           cause: .system(errno: code))
    }

    /// What a file of `mode` is, in words (`a FIFO`, `a socket`, `a device file`, `a directory`).
    package static func kind(ofMode mode: UInt32) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device file"
        case S_IFDIR: "a directory"
        default: "not a regular file"
        }
    }

    /// `a FIFO, not a regular file`: one wording for every command.
    package static func notRegularMessage(kind: String) -> String {
        kind == "not a regular file" ? kind : "\(kind), not a regular file"
    }
}

extension FileSnapshot {
    /// The snapshot of what `stat`/`fstat` answered; fails for anything that is not a regular file.
    init(_ info: stat, displayPath: String) throws(IngestError) {
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IngestError(stage: .read, code: .notARegularFile, message: Self.notRegularMessage(kind: Self.kind(ofMode: info.st_mode)),
                              path: displayPath)
        }
        #if canImport(Darwin)
        let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        self.init(size: Int(info.st_size), modificationTimeNanoseconds: nanos, inode: UInt64(info.st_ino))
    }
}
