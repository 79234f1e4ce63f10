#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity as `stat` sees it: enough to notice it changed.
struct FileSnapshot: Hashable, Sendable {
    var size: Int
    var modificationTimeNanoseconds: Int64
    var inode: UInt64

    /// Stats `path` (following links); fails for anything that is not a regular file.
    static func take(path: String, displayPath: String) throws(IngestError) -> FileSnapshot {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code: IngestError.Code = errno == ENOENT ? .notFound : (errno == EACCES ? .unreadable : .io)
            throw IngestError(stage: .read, code: code, message: String(cString: strerror(errno)), path: displayPath)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IngestError(stage: .read, code: .notARegularFile, message: "not a regular file", path: displayPath)
        }
        #if canImport(Darwin)
        let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return FileSnapshot(size: Int(info.st_size), modificationTimeNanoseconds: nanos, inode: UInt64(info.st_ino))
    }
}
