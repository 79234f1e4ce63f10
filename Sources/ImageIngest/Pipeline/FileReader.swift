import LibC

/// Reads a whole regular file into memory, once, with POSIX calls and a size limit.
///
/// Opens with `O_NONBLOCK` and checks the opened descriptor with `fstat`, so a FIFO or device that
/// replaced the file after discovery is refused instead of blocking the import.
package enum FileReader {
    package static func read(path: String, displayPath: String, maxBytes: Int) throws(IngestError) -> (bytes: [UInt8], snapshot: FileSnapshot) {
        let fd = try open(path: path, displayPath: displayPath)
        defer { close(fd) }
        return try read(descriptor: fd, displayPath: displayPath, maxBytes: maxBytes)
    }

    /// Opens `path` for reading (`O_NONBLOCK`: a FIFO that replaced the file never blocks; the read's `fstat`
    /// refuses it).
    package static func open(path: String, displayPath: String) throws(IngestError) -> Int32 {
        let fd = LibC.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileSnapshot.openError(errno, path: path, displayPath: displayPath) }
        return fd
    }

    /// As `open(path:displayPath:)`, for a path given as its own bytes (a name that is not UTF-8 opens as it is).
    package static func open(cPath: UnsafePointer<CChar>, displayPath: String) throws(IngestError) -> Int32 {
        let fd = LibC.open(cPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileSnapshot.openError(errno, cPath: cPath, displayPath: displayPath) }
        return fd
    }

    /// Reads the whole file open as `fd` (from its start; a header read with `pread` before leaves the offset
    /// there), after an `fstat` that refuses anything but a regular file within `maxBytes`.
    package static func read(descriptor fd: Int32, displayPath: String, maxBytes: Int) throws(IngestError) -> (bytes: [UInt8], snapshot: FileSnapshot) {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            throw IngestError(stage: .read, code: .io, message: String(cString: strerror(code)), path: displayPath,
                              cause: .system(errno: code))
        }
        let snapshot = try FileSnapshot(info, displayPath: displayPath)
        let size = snapshot.size
        guard size <= maxBytes else {
            throw IngestError(stage: .read, code: .tooLarge, message: "\(size) bytes is over the limit of \(maxBytes)", path: displayPath)
        }
        guard size > 0 else {
            throw IngestError(stage: .read, code: .notAnImage, message: "the file is empty", path: displayPath)
        }
        let (bytes, failure) = readAll(fileDescriptor: fd, size: size)
        if let failure {
            throw IngestError(stage: .read, code: .io, message: String(cString: strerror(failure)), path: displayPath,
                              cause: .system(errno: failure))
        }
        guard bytes.count == size else {
            throw IngestError(stage: .read, code: .changedDuringIngest, message: "the file shrank while being read", path: displayPath)
        }
        return (bytes, snapshot)
    }

    /// The first `size` bytes of the open file `fd` (fewer when it ends sooner), read with `pread` straight into
    /// uninitialised storage (zero-filling first would touch every byte twice), and the errno of a failed read.
    package static func readAll(fileDescriptor fd: Int32, size: Int) -> (bytes: [UInt8], errorNumber: Int32?) {
        var failure: Int32? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: max(0, size)) { buffer, initializedCount in
            var filled = 0
            while filled < size {
                let n = pread(fd, buffer.baseAddress! + filled, size - filled, off_t(filled))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                filled += n
            }
            initializedCount = filled
        }
        return (bytes, failure)
    }
}
