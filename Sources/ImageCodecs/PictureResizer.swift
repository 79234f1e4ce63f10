import CImageCodecs

/// Makes a picture fit for a CRM: fitted within a long side and turned upright.
///
/// - **Resize** (``resize(_:header:maxSide:jpegQuality:limits:)``): a JPEG is decoded at the smallest of
///   libjpeg-turbo's M/8 DCT scales that still covers the target (most of the reduction costs nothing), then
///   filtered to the exact size with Lanczos-3, a few rows at a time, and encoded again at `jpegQuality`
///   (baseline, optimised Huffman tables). A PNG is decoded by libpng, filtered the same way (premultiplied
///   when it has alpha) and encoded again: gray stays gray, alpha stays, a palette image keeps a palette when its
///   colours still fit. Either way the result is upright (the EXIF orientation is applied to the pixels) and
///   keeps its colour profile and nothing else of the source's metadata.
/// - **Upright without re-encoding** (``turnUprightLosslessly(_:header:)``): a JPEG's DCT blocks are
///   transposed and mirrored by TurboJPEG, where its MCU grid allows it.
public enum PictureResizer {
    /// The JPEG quality of a re-encoded picture unless told otherwise.
    public static let defaultJPEGQuality = 85

    /// `bytes` (a JPEG or PNG that passed verify, described by `header`) fitted within `maxSide` pixels on its
    /// long side (nil or a side that fits keeps the size) and turned upright.
    /// - Returns: the new file's bytes (probe them for their header).
    /// - Throws: ``CodecError`` when the picture cannot be decoded or encoded again, or memory runs out.
    public static func resize(
        _ bytes: [UInt8], header: ImageHeader, maxSide: Int?, jpegQuality: Int = defaultJPEGQuality,
        limits: CodecLimits = .init()
    ) throws(CodecError) -> [UInt8] {
        var request = cic_resize_request(
            max_side: UInt32(clamping: max(0, maxSide ?? 0)),
            orientation: Int32(clamping: header.orientation),
            quality: Int32(clamping: min(100, max(1, jpegQuality))))
        let entry: (UnsafePointer<UInt8>, Int, UnsafePointer<cic_limits>, UnsafePointer<cic_resize_request>,
                    UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
                    UnsafeMutablePointer<cic_result>) -> cic_status
        switch header.format {
        case .jpeg: entry = cic_jpeg_resize
        case .png: entry = cic_png_resize
        default:
            throw CodecError(code: .unsupportedFormat, message: "only JPEG and PNG pictures can be resized", format: header.format)
        }
        var cLimits = CodecBridge.cLimits(limits)
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var result = cic_result()
        let status = bytes.withUnsafeBufferPointer { input -> cic_status in
            guard let base = input.baseAddress else { return .truncated }
            return entry(base, input.count, &cLimits, &request, &out, &length, &result)
        }
        defer { cic_free(out) }
        guard status == .ok, let out else {
            throw failure(status, result, doing: "cannot resize", format: header.format)
        }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// A JPEG turned upright by moving its DCT blocks (TurboJPEG's lossless transform; no pixel is quantised
    /// again), with its markers copied as they were (remove the metadata afterwards: the EXIF still names the
    /// old orientation).
    /// - Returns: the upright JPEG, or nil when the MCU grid does not allow a perfect transform (an edge of
    ///   partial blocks would have to move): the caller re-encodes with ``resize(_:header:maxSide:jpegQuality:limits:)``.
    public static func turnUprightLosslessly(_ bytes: [UInt8], header: ImageHeader) throws(CodecError) -> [UInt8]? {
        guard header.format == .jpeg else {
            throw CodecError(code: .unsupportedFormat, message: "only a JPEG can be turned without re-encoding", format: header.format)
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var result = cic_result()
        let status = bytes.withUnsafeBufferPointer { input -> cic_status in
            guard let base = input.baseAddress else { return .truncated }
            return cic_jpeg_transform(base, input.count, Int32(clamping: header.orientation), header.isProgressive ? 1 : 0,
                                      &out, &length, &result)
        }
        defer { cic_free(out) }
        if status == .unsupported_feature { return nil }
        guard status == .ok, let out else {
            throw failure(status, result, doing: "cannot turn the picture upright", format: .jpeg)
        }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// What resizing or turning the picture upright needs in memory besides its input, estimated from the
    /// header (``DecodeMemory``): the upright result and its encoded copy, the resampler's rows, and what the
    /// decoder needs (a progressive JPEG's coefficient buffer: `decodeBytes`; an interlaced PNG's whole image).
    /// Turning a JPEG upright without resizing counts both ways, since the MCU grid decides only at run time:
    /// the lossless transform (every coefficient twice, `transcodeBytes` each, and the result) and the re-encode.
    /// - Returns: 0 when the options change nothing for this picture.
    package static func memoryNeed(header: ImageHeader, fileBytes: Int, decodeBytes: Int, transcodeBytes: Int,
                                   maxSide: Int?, turnsUpright: Bool) -> Int {
        let channels = header.format == .png ? 4 : (header.colorModel == .gray ? 1 : (header.colorModel == .cmyk || header.colorModel == .ycck ? 4 : 3))
        let workingMemory = 1 << 20
        func reencode(width: Int, height: Int) -> Int {
            let canvas = width * height * channels
            let rows = width * channels * 4 * 16 + header.width * channels * 2
            let decoder = header.isProgressive ? decodeBytes : workingMemory
            let interlaced = header.isInterlaced ? header.width * header.height * channels : 0
            return canvas * 2 + rows + decoder + interlaced
        }
        let longSide = max(header.width, header.height)
        if let maxSide, maxSide > 0, longSide > maxSide {
            let scale = Double(maxSide) / Double(longSide)
            return reencode(width: max(1, Int((Double(header.width) * scale).rounded())),
                            height: max(1, Int((Double(header.height) * scale).rounded())))
        }
        guard turnsUpright, header.format == .jpeg, header.orientation != 1 else { return 0 }
        return max(2 * transcodeBytes + 2 * fileBytes, reencode(width: header.width, height: header.height))
    }

    private static func failure(_ status: cic_status, _ result: cic_result, doing: String, format: ImageFormat) -> CodecError {
        let reason = CodecBridge.text(result.message)
        return CodecError(code: status == .too_large ? .tooLarge : .corruptData,
                          message: doing + ": " + (reason.isEmpty ? "\(status)" : reason),
                          format: format, libraryCode: result.lib_code == 0 ? nil : Int(result.lib_code))
    }
}
