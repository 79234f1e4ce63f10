import LibC

/// Reads a small text file (a manifest, a credentials file) whole, and says why when it cannot.
enum TextFile {
    /// The file's text, or why it cannot be read (`no such file or directory`, `permission denied`, …).
    static func contents(of path: String) -> Result<String, ReadFailure> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(ReadFailure(errno: errno)) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return .failure(ReadFailure(errno: EISDIR)) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(errno: errno))
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ReadFailure(text: "it is not UTF-8 text"))
        }
        return .success(text)
    }

    /// Why a file could not be read, in the C library's words.
    struct ReadFailure: Error, CustomStringConvertible {
        var description: String
        init(errno code: Int32) { description = String(cString: strerror(code)).lowercased() }
        init(text: String) { description = text }
    }
}
