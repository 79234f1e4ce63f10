import LibC

/// Unbuffered writes to stdout/stderr (whole lines, so concurrent writers never interleave mid-line).
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func standardOutput(_ line: String) { write(line + "\n", to: STDOUT_FILENO) }
    static func standardError(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    /// Writes bytes as they are to stdout (a `LineBuffer`'s lines).
    static func standardOutputBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in write(buffer, to: STDOUT_FILENO) }
    }

    /// Writes without a newline (for the progress bar's `\r` redraws).
    static func standardErrorRaw(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in write(buffer, to: fd) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to fd: Int32) {
        var offset = 0
        while offset < buffer.count {
            let n = LibC.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
