import CImageCodecs

/// Full decode: every scanline (every pass of an interlaced PNG) through one row buffer, so memory
/// does not grow with the image. Fails on any fatal libjpeg/libpng error, PNG CRC errors,
/// truncated data, a missing IEND, and the libjpeg warnings that mean pixels are missing or wrong;
/// warnings that lose no pixel are returned as notes (or fail the file under ``VerifyPolicy/strict``).
/// Thread-safe: each call has its own state.
public enum ImageVerifier {
    /// Verifies bytes in memory.
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - limits: Limits to apply (checked from the header before any decode work).
    ///   - policy: Whether warnings that lose no pixel are notes (the default) or failures.
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(
        bytes: [UInt8], limits: CodecLimits = .init(), policy: VerifyPolicy = .standard
    ) throws(CodecError) -> VerifyReport {
        let (status, result) = CodecBridge.run(bytes: bytes, limits: limits) { cic_verify_memory($0, $1, $2, $3) }
        return try report(status, result, policy: policy)
    }

    /// Verifies a file, streaming it through a bounded read buffer.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limits: Limits to apply (the file size before reading, the pixels from the header).
    ///   - policy: Whether warnings that lose no pixel are notes (the default) or failures.
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(
        fileAtPath path: String, limits: CodecLimits = .init(), policy: VerifyPolicy = .standard
    ) throws(CodecError) -> VerifyReport {
        try CodecBridge.withFile(atPath: path) { fd throws(CodecError) in
            try verify(fileDescriptor: fd, limits: limits, policy: policy)
        }
    }

    /// Verifies an open regular file with `pread` (its file offset is not used or moved).
    /// - Parameters:
    ///   - fileDescriptor: An open, readable descriptor of a regular file.
    ///   - limits: Limits to apply.
    ///   - policy: Whether warnings that lose no pixel are notes (the default) or failures.
    /// - Returns: The header and any non-fatal notes.
    /// - Throws: ``CodecError``.
    public static func verify(
        fileDescriptor: Int32, limits: CodecLimits = .init(), policy: VerifyPolicy = .standard
    ) throws(CodecError) -> VerifyReport {
        let (status, result) = CodecBridge.run(fileDescriptor: fileDescriptor, limits: limits) { cic_verify_fd($0, $1, $2) }
        return try report(status, result, policy: policy)
    }

    private static func report(_ status: cic_status, _ result: cic_result, policy: VerifyPolicy) throws(CodecError) -> VerifyReport {
        let header = try CodecBridge.check(status, result)
        let notes = CodecBridge.notes(result)
        if policy == .strict, result.note_count > 0 {
            var error = CodecError(
                code: .warning, message: "strict: \(notes.first ?? "a decoder warning")", format: header.format)
            error.storedWidth = header.width
            error.storedHeight = header.height
            throw error
        }
        return VerifyReport(header: header, notes: notes)
    }
}
