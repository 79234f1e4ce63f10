import CImageCodecs

/// Removes metadata a shared CRM should not get (EXIF with its GPS coordinates, XMP, IPTC, comments, text
/// and time chunks) without re-encoding a pixel, keeping what the picture needs to look right (the ICC
/// profile; a JPEG's JFIF and Adobe colour markers, which libjpeg writes again from the image itself).
///
/// - JPEG: libjpeg's transcoding API copies the DCT coefficients as they are (what `jpegtran -copy icc` does),
///   with Huffman tables made for the image; a progressive file stays progressive. The pixels decode
///   bit-identical to the source. An orientation other than 1 is written again, alone, in a minimal EXIF
///   segment (32 bytes), so viewers still show the picture upright and nothing else of the EXIF remains.
/// - PNG: the chunks are copied as they are (their CRCs included) but for `tEXt`, `zTXt`, `iTXt`, `tIME` and
///   `eXIf`; `iCCP`, `sRGB`, `gAMA`, `cHRM` and the image data stay.
public enum MetadataStripper {
    /// The PNG chunks removed.
    public static let removedPNGChunks: Set<String> = ["tEXt", "zTXt", "iTXt", "tIME", "eXIf"]

    /// `bytes` (a JPEG or PNG that passed verify) without its metadata.
    /// - Throws: ``CodecError`` when the file cannot be rewritten (it should have failed verify first).
    /// - Parameters:
    ///   - orientation: the EXIF orientation to keep (JPEG; 1 keeps none).
    public static func strip(
        _ bytes: [UInt8], format: ImageFormat, orientation: Int = 1, limits: CodecLimits = .init()
    ) throws(CodecError) -> [UInt8] {
        switch format {
        case .jpeg: return try stripJPEG(bytes, orientation: orientation, limits: limits)
        case .png: return try stripPNG(bytes)
        default: throw CodecError(code: .unsupportedFormat, message: "metadata can be removed from JPEG and PNG only", format: format)
        }
    }

    private static func stripJPEG(_ bytes: [UInt8], orientation: Int, limits: CodecLimits) throws(CodecError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var result = cic_result()
        let status = bytes.withUnsafeBufferPointer { input -> cic_status in
            guard let base = input.baseAddress else { return .truncated }
            return cic_jpeg_strip_metadata(base, input.count, UInt64(max(0, limits.maxDecoderMemory)), Int32(orientation),
                                           &out, &length, &result)
        }
        defer { cic_free(out) }
        guard status == .ok, let out else {
            let reason = CodecBridge.text(result.message)
            throw CodecError(code: .corruptData, message: "cannot remove the metadata: " + (reason.isEmpty ? "\(status)" : reason),
                             format: .jpeg, libraryCode: result.lib_code == 0 ? nil : Int(result.lib_code))
        }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    private static func stripPNG(_ bytes: [UInt8]) throws(CodecError) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
            throw CodecError(code: .invalidHeader, message: "not a PNG signature", format: .png)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        out += signature
        var at = 8
        while at < bytes.count {
            // length (4), type (4), data (length), CRC (4)
            guard bytes.count - at >= 12 else {
                throw CodecError(code: .truncated, message: "a chunk runs past the end", format: .png)
            }
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length <= bytes.count - at - 12 else {
                throw CodecError(code: .truncated, message: "a chunk runs past the end", format: .png)
            }
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            let end = at + 12 + length
            if !removedPNGChunks.contains(type) { out += bytes[at..<end] }
            at = end
            if type == "IEND" { break }
        }
        return out
    }
}
