import CImageCodecs

/// What a verify of an image will need in memory besides the file's bytes, estimated from its header
/// before any decode work, so that callers can keep decodes within a memory budget.
///
/// A progressive JPEG (or a sequential one whose components come in separate scans) is decoded through
/// a buffer of every coefficient of the image: per component its 8×8 blocks, padded to whole MCUs, × 64
/// coefficients × 2 bytes (a 15000×15000 4:2:0 photo needs 645 MiB, however small the file). A
/// single-scan JPEG needs one row of MCUs at a time, a PNG three rows. Both include the libraries'
/// working memory (1 MiB for libjpeg, 256 KiB for libpng and zlib).
package enum DecodeMemory {
    /// A header and what the work on it needs, besides the file's bytes.
    package struct Estimate: Hashable, Sendable {
        /// The file's header.
        package var header: ImageHeader
        /// What a verify of it needs.
        package var bytes: Int
        /// What removing its metadata (``MetadataStripper``) needs besides its input and output.
        package var stripBytes: Int
        /// What converting it (``PictureConverter``) needs at full size besides its input and output: the
        /// decoder's own buffers and the decoded picture (GIF, TIFF, BMP, WebP, HEIF; 0 for JPEG and PNG).
        package var convertBytes: Int
    }

    /// Probes a file's header and answers it with the estimate in bytes.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limits: Limits to apply (a file over them fails here, as in ``ImageProbe``).
    /// - Returns: The header, the bytes a verify of it needs, and the bytes removing its metadata
    ///   (``MetadataStripper``) needs besides its input and output: for a JPEG every DCT coefficient of the
    ///   image at once (blocks × 64 × 2 bytes, plus libjpeg's working memory), 0 for a PNG (its chunks are copied).
    /// - Throws: ``CodecError``, as ``ImageProbe/probe(fileAtPath:limits:)``.
    package static func estimate(fileAtPath path: String, limits: CodecLimits = .init()) throws(CodecError) -> Estimate {
        try CodecBridge.withFile(atPath: path) { fd throws(CodecError) in
            try estimate(fileDescriptor: fd, limits: limits)
        }
    }

    /// As ``estimate(fileAtPath:limits:)``, for an open regular file (read with `pread`).
    package static func estimate(fileDescriptor: Int32, limits: CodecLimits = .init()) throws(CodecError) -> Estimate {
        let (status, result) = CodecBridge.run(fileDescriptor: fileDescriptor, limits: limits) { cic_probe_fd($0, $1, $2) }
        return Estimate(header: try CodecBridge.check(status, result), bytes: Int(clamping: result.decode_bytes),
                        stripBytes: Int(clamping: result.transcode_bytes), convertBytes: Int(clamping: result.convert_bytes))
    }

    /// The `stripBytes` of ``estimate(fileAtPath:limits:)``; 0 for a file that cannot be probed.
    package static func stripEstimate(fileAtPath path: String, limits: CodecLimits = .init()) -> Int {
        (try? estimate(fileAtPath: path, limits: limits).stripBytes) ?? 0
    }

    /// As ``estimate(fileAtPath:limits:)``, for bytes in memory.
    package static func estimate(bytes: [UInt8], limits: CodecLimits = .init()) throws(CodecError) -> Estimate {
        let (status, result) = CodecBridge.run(bytes: bytes, limits: limits) { cic_probe_memory($0, $1, $2, $3) }
        return Estimate(header: try CodecBridge.check(status, result), bytes: Int(clamping: result.decode_bytes),
                        stripBytes: Int(clamping: result.transcode_bytes), convertBytes: Int(clamping: result.convert_bytes))
    }
}
