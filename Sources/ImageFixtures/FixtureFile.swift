import LibC

/// Writing fixtures to disk for tests that need real files.
public enum FixtureFile {
    /// An error writing a fixture file.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// What failed, with the path and the system's reason.
        public var description: String
    }

    /// Creates a fresh, empty temporary directory.
    /// - Parameter prefix: A name prefix.
    /// - Returns: The directory's path.
    /// - Throws: ``WriteError``.
    public static func makeTemporaryDirectory(prefix: String = "image-ingest-fixtures") throws(WriteError) -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw WriteError(description: "mkdtemp in \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Writes bytes to a file, replacing it.
    /// - Parameters:
    ///   - bytes: The content.
    ///   - path: Where to write.
    /// - Throws: ``WriteError``.
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "write \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
    }

    /// Removes a directory tree made by ``makeTemporaryDirectory(prefix:)`` (best effort).
    /// - Parameter path: The directory.
    public static func removeTree(_ path: String) {
        guard let dir = opendir(path) else {
            unlink(path)
            return
        }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = "\(path)/\(name)"
            var info = stat()
            if lstat(child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                removeTree(child)
            } else {
                unlink(child)
            }
        }
        closedir(dir)
        rmdir(path)
    }
}

/// The C library's write(2), out of reach of ``FixtureFile/write(_:to:)``'s name.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
