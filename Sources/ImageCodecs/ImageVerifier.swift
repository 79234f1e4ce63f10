import CImageCodecs

/// Full decode: every scanline (every pass of an interlaced PNG) through one row buffer, so memory
/// does not grow with the image. Fails on any fatal libjpeg/libpng error, PNG CRC errors,
/// truncated data, a missing IEND, and the libjpeg warnings that mean pixels are missing or wrong;
/// warnings that lose no pixel are returned as notes. Thread-safe: each call has its own state.
public enum ImageVerifier {
    /// Verifies bytes in memory.
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - limits: Limits to apply (checked from the header before any decode work).
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(bytes: [UInt8], limits: CodecLimits = .init()) throws(CodecError) -> VerifyReport {
        let (status, result) = CodecBridge.run(bytes: bytes, limits: limits) { cic_verify_memory($0, $1, $2, $3) }
        let header = try CodecBridge.check(status, result)
        return VerifyReport(header: header, notes: CodecBridge.notes(result))
    }

    /// Verifies a file, streaming it through a bounded read buffer.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limits: Limits to apply (the file size before reading, the pixels from the header).
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(fileAtPath path: String, limits: CodecLimits = .init()) throws(CodecError) -> VerifyReport {
        try CodecBridge.withFile(atPath: path) { fd throws(CodecError) in
            try verify(fileDescriptor: fd, limits: limits)
        }
    }

    /// Verifies an open regular file with `pread` (its file offset is not used or moved).
    /// - Parameters:
    ///   - fileDescriptor: An open, readable descriptor of a regular file.
    ///   - limits: Limits to apply.
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(fileDescriptor: Int32, limits: CodecLimits = .init()) throws(CodecError) -> VerifyReport {
        let (status, result) = CodecBridge.run(fileDescriptor: fileDescriptor, limits: limits) { cic_verify_fd($0, $1, $2) }
        let header = try CodecBridge.check(status, result)
        return VerifyReport(header: header, notes: CodecBridge.notes(result))
    }
}
