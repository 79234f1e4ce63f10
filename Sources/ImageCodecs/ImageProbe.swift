import CImageCodecs

/// Header-only probing: type from content, size, depth, colour model, progressive/interlaced and
/// EXIF orientation, reading only what the header needs.
///
/// JPEG headers are read with `jpeg_read_header`, PNG headers with libpng up to IHDR. Other
/// formats are named ("unsupported format image/webp"); anything else is "not an image".
/// The pixel and file-size limits are applied here too, so a decompression bomb is rejected
/// before any decode work. Every call is independent and safe to run concurrently.
public enum ImageProbe {
    /// Probes a file, reading a small first block and more only when the header runs past it.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limits: Limits to apply.
    /// - Returns: The header.
    /// - Throws: ``CodecError``.
    public static func probe(fileAtPath path: String, limits: CodecLimits = .init()) throws(CodecError) -> ImageHeader {
        try CodecBridge.withFile(atPath: path) { fd throws(CodecError) in
            try probe(fileDescriptor: fd, limits: limits)
        }
    }

    /// Probes an open regular file with `pread` (its file offset is not used or moved).
    /// - Parameters:
    ///   - fileDescriptor: An open, readable descriptor of a regular file.
    ///   - limits: Limits to apply.
    /// - Returns: The header.
    /// - Throws: ``CodecError``.
    public static func probe(fileDescriptor: Int32, limits: CodecLimits = .init()) throws(CodecError) -> ImageHeader {
        let (status, result) = CodecBridge.run(fileDescriptor: fileDescriptor, limits: limits) { cic_probe_fd($0, $1, $2) }
        return try CodecBridge.check(status, result)
    }

    /// Probes bytes in memory.
    /// - Parameters:
    ///   - bytes: The whole file, or at least its header.
    ///   - limits: Limits to apply.
    /// - Returns: The header.
    /// - Throws: ``CodecError``.
    public static func probe(bytes: [UInt8], limits: CodecLimits = .init()) throws(CodecError) -> ImageHeader {
        let (status, result) = CodecBridge.run(bytes: bytes, limits: limits) { cic_probe_memory($0, $1, $2, $3) }
        return try CodecBridge.check(status, result)
    }

    /// Recognises the format from the first bytes of a file, without validating it.
    /// - Parameter bytes: The start of a file (a few KiB are plenty).
    /// - Returns: The format, or `nil` when no known magic matches.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return CodecBridge.format(cic_sniff(base, buffer.count).rawValue)
        }
    }
}
