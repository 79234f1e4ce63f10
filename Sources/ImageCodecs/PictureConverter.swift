import CImageCodecs

/// Turns a picture the CRM does not take (or that browsers do not show) into one it does.
///
/// A GIF (its first frame), TIFF (its first page), BMP, WebP (its first frame) or HEIF (its primary image) that
/// passed verify is decoded by its own library to 8-bit samples, turned upright, fitted within a long side
/// (Lanczos-3, as ``PictureResizer`` does) and encoded again: a JPEG at the given quality when no pixel is
/// transparent, a PNG with its alpha otherwise. Gray stays gray. The ICC profile travels; the rest of the
/// metadata (EXIF with its GPS position, XMP) does not.
public enum PictureConverter {
    /// `bytes` (a file of a convertible format, described by `header`) as a JPEG or PNG, upright, within
    /// `maxSide` pixels on its long side when given.
    /// - Parameters:
    ///   - bytes: The file's bytes; it passed verify.
    ///   - header: Its probe (the orientation is applied to the pixels).
    ///   - maxSide: The long side of the result at most; nil keeps the size.
    ///   - jpegQuality: The quality of a JPEG result, 1...100.
    ///   - limits: The pixel limit is checked again before decoding.
    /// - Returns: The new file's bytes (probe them for their header).
    /// - Throws: ``CodecError`` when the picture cannot be decoded or encoded, or memory runs out.
    public static func convert(
        _ bytes: [UInt8], header: ImageHeader, maxSide: Int?, jpegQuality: Int = PictureResizer.defaultJPEGQuality,
        limits: CodecLimits = .init()
    ) throws(CodecError) -> [UInt8] {
        guard header.format.isConvertible else {
            throw CodecError(code: .unsupportedFormat, message: "only GIF, TIFF, BMP, WebP and HEIF pictures are converted",
                             format: header.format)
        }
        var request = cic_resize_request(
            max_side: UInt32(clamping: max(0, maxSide ?? 0)),
            orientation: Int32(clamping: header.orientation),
            quality: Int32(clamping: min(100, max(1, jpegQuality))))
        var cLimits = CodecBridge.cLimits(limits)
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var result = cic_result()
        let status = bytes.withUnsafeBufferPointer { input -> cic_status in
            guard let base = input.baseAddress else { return .truncated }
            return cic_convert(base, input.count, &cLimits, &request, &out, &length, &result)
        }
        defer { cic_free(out) }
        guard status == .ok, let out else {
            let reason = CodecBridge.text(result.message)
            throw CodecError(code: status == .too_large ? .tooLarge : .corruptData,
                             message: "cannot convert: " + (reason.isEmpty ? "\(status)" : reason),
                             format: header.format, libraryCode: result.lib_code == 0 ? nil : Int(result.lib_code))
        }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// What converting needs in memory besides its input, from the header: the decoder's estimate
    /// (`convertBytes`, from ``DecodeMemory``) plus the upright result at its new size and its encoded copy.
    package static func memoryNeed(header: ImageHeader, convertBytes: Int, maxSide: Int?) -> Int {
        let longSide = max(header.width, header.height)
        var width = header.width, height = header.height
        if let maxSide, maxSide > 0, longSide > maxSide {
            let scale = Double(maxSide) / Double(longSide)
            width = max(1, Int((Double(header.width) * scale).rounded()))
            height = max(1, Int((Double(header.height) * scale).rounded()))
        }
        let canvas = width * height * 4
        let rows = width * 4 * 4 * 16 + header.width * 4 * 2
        return convertBytes + canvas * 2 + rows + (1 << 20)
    }
}
