import LibC

/// A file's identity as `stat` sees it: enough to notice it changed.
package struct FileSnapshot: Hashable, Sendable {
    package var size: Int
    var modificationTimeNanoseconds: Int64
    var inode: UInt64

    /// Stats `path` (following links); fails for anything that is not a regular file.
    static func take(path: String, displayPath: String) throws(IngestError) -> FileSnapshot {
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(errno, displayPath: displayPath) }
        return try FileSnapshot(info, displayPath: displayPath)
    }

    /// The read-stage error for a failed `stat` or `open` with `code` in errno.
    static func openError(_ code: Int32, displayPath: String) -> IngestError {
        let kind: IngestError.Code = switch code {
        case ENOENT: .notFound
        case EACCES, EPERM: .unreadable
        default: .io
        }
        return IngestError(stage: .read, code: kind, message: String(cString: strerror(code)), path: displayPath)
    }
}

extension FileSnapshot {
    /// The snapshot of what `stat`/`fstat` answered; fails for anything that is not a regular file.
    init(_ info: stat, displayPath: String) throws(IngestError) {
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IngestError(stage: .read, code: .notARegularFile, message: "not a regular file", path: displayPath)
        }
        #if canImport(Darwin)
        let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        self.init(size: Int(info.st_size), modificationTimeNanoseconds: nanos, inode: UInt64(info.st_ino))
    }
}
