import LibC

/// Reads a small file (a manifest, a credentials file, a certificate) whole, and says why when it cannot.
package enum TextFile {
    /// The file's text, or why it cannot be read (`no such file or directory`, `permission denied`, …).
    package static func contents(of path: String) -> Result<String, ReadFailure> {
        switch bytes(of: path) {
        case .failure(let why): return .failure(why)
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(ReadFailure(text: "it is not UTF-8 text"))
            }
            return .success(text)
        }
    }

    /// The file's bytes, or why they cannot be read.
    package static func bytes(of path: String) -> Result<[UInt8], ReadFailure> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(ReadFailure(errno: errno)) }
        defer { close(descriptor) }
        if let mode = fileMode(ofDescriptor: descriptor), mode & UInt32(S_IFMT) == UInt32(S_IFDIR) { return .failure(ReadFailure(errno: EISDIR)) }
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
        return .success(bytes)
    }

    /// Why a file could not be read, in the C library's words.
    package struct ReadFailure: Error, Sendable, CustomStringConvertible {
        package var description: String
        init(errno code: Int32) { description = String(cString: strerror(code)).lowercased() }
        init(text: String) { description = text }
    }
}
