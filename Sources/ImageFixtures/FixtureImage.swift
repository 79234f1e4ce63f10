import CImageFixtures

/// Test fixtures encoded in memory with libjpeg and libpng: never copied files.
///
/// Pixels are a deterministic "photo" (gradients plus mild noise), so fixtures compress like real
/// images. Vary `seed` to get different bytes of the same kind.
public enum FixtureImage {
    /// Colour of a JPEG fixture.
    public enum JPEGColor: Sendable, Hashable, CaseIterable {
        /// Three channels stored as YCbCr, like a camera photo.
        case rgb
        /// One gray channel.
        case gray
        /// Four channels, Adobe CMYK.
        case cmyk
    }

    /// Colour type of a PNG fixture.
    public enum PNGColor: Sendable, Hashable, CaseIterable {
        /// Colour type 0 (bit depth 1, 2, 4, 8 or 16).
        case gray
        /// Colour type 4 (bit depth 8 or 16).
        case grayAlpha
        /// Colour type 2 (bit depth 8 or 16).
        case rgb
        /// Colour type 6 (bit depth 8 or 16).
        case rgba
        /// Colour type 3 (bit depth 1, 2, 4 or 8).
        case palette

        var colorType: Int32 {
            switch self {
            case .gray: 0
            case .rgb: 2
            case .palette: 3
            case .grayAlpha: 4
            case .rgba: 6
            }
        }
    }

    /// A JPEG file.
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - color: RGB (YCbCr), gray or CMYK.
    ///   - quality: libjpeg quality 1...100.
    ///   - progressive: Progressive scans instead of baseline.
    ///   - orientation: EXIF orientation 1...8 written in an APP1 block; `nil` writes no EXIF.
    ///   - restartInterval: MCU rows between restart markers; 0 for none.
    ///   - paddingBytes: Bytes of COM segments written before the EXIF block (a large header).
    ///   - gps: With an orientation, the EXIF also points at a GPS IFD (latitude ref N).
    ///   - metadata: Also an ICC profile segment (APP2), XMP (APP1), IPTC (APP13) and a comment.
    ///   - scene: A smooth scene that looks different in each orientation (red grows left to right, green
    ///     top to bottom, blue 64-pixel squares) instead of the photo-like noise.
    ///   - seed: Varies the pixels.
    /// - Returns: The file's bytes.
    public static func jpeg(
        width: Int = 64, height: Int = 48, color: JPEGColor = .rgb, quality: Int = 85,
        progressive: Bool = false, orientation: Int? = nil, restartInterval: Int = 0,
        paddingBytes: Int = 0, gps: Bool = false, metadata: Bool = false, scene: Bool = false, seed: Int = 1
    ) -> [UInt8] {
        var options = cif_jpeg_options(
            width: UInt32(width), height: UInt32(height),
            color: color == .gray ? .gray : color == .cmyk ? .cmyk : .rgb,
            quality: Int32(quality), progressive: progressive ? 1 : 0,
            orientation: Int32(orientation ?? 0), restart_interval: Int32(restartInterval),
            padding_bytes: UInt32(paddingBytes), seed: UInt32(truncatingIfNeeded: seed),
            gps: gps ? 1 : 0, scene: scene ? 1 : 0, metadata: metadata ? 1 : 0)
        return encode("JPEG") { out, length, message, capacity in
            cif_jpeg_encode(&options, out, length, message, capacity)
        }
    }

    /// The samples of a JPEG as libjpeg decodes it (RGB or gray), with its size; nil when it does not decode.
    public static func decodedJPEG(_ bytes: [UInt8]) -> (width: Int, height: Int, samples: [UInt8])? {
        decode(bytes) { cif_jpeg_decode($0, $1, $2, $3, $4, $5) }
    }

    /// Runs one of CImageFixtures' decoders (`buf`, `len`, `out`, `out_len`, `width`, `height`; 0 on success) and
    /// hands back the size and samples; nil when it fails.
    static func decode(
        _ bytes: [UInt8],
        _ body: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
                 UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> Int32
    ) -> (width: Int, height: Int, samples: [UInt8])? {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var width: UInt32 = 0
        var height: UInt32 = 0
        let status = bytes.withUnsafeBufferPointer { input -> Int32 in
            guard let base = input.baseAddress else { return -1 }
            return body(base, input.count, &out, &length, &width, &height)
        }
        defer { cif_free(out) }
        guard status == 0, let out else { return nil }
        return (Int(width), Int(height), Array(UnsafeBufferPointer(start: out, count: length)))
    }

    /// A PNG file written by libpng.
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - color: The colour type.
    ///   - bitDepth: A depth legal for the colour type (1, 2, 4, 8, 16).
    ///   - interlaced: Adam7 interlacing.
    ///   - textBytes: Size of a tEXt chunk before IDAT (a large header); 0 for none.
    ///   - seed: Varies the pixels.
    /// - Returns: The file's bytes.
    public static func png(
        width: Int = 64, height: Int = 48, color: PNGColor = .rgb, bitDepth: Int = 8,
        interlaced: Bool = false, textBytes: Int = 0, seed: Int = 1
    ) -> [UInt8] {
        var options = cif_png_options(
            width: UInt32(width), height: UInt32(height), color_type: color.colorType,
            bit_depth: Int32(bitDepth), interlaced: interlaced ? 1 : 0,
            text_bytes: UInt32(textBytes), seed: UInt32(truncatingIfNeeded: seed))
        return encode("PNG") { out, length, message, capacity in
            cif_png_encode(&options, out, length, message, capacity)
        }
    }

    /// A hand-built PNG whose IHDR claims any size (with valid CRCs), followed by a tiny IDAT
    /// and IEND: a decompression bomb's header, or a header with zero or oversized dimensions.
    /// - Parameters:
    ///   - width: Claimed width.
    ///   - height: Claimed height.
    ///   - bitDepth: Claimed bit depth.
    ///   - colorType: Claimed PNG colour type.
    /// - Returns: The file's bytes.
    public static func pngClaiming(width: UInt32, height: UInt32, bitDepth: UInt8 = 8, colorType: UInt8 = 2) -> [UInt8] {
        var ihdr: [UInt8] = []
        ihdr += bigEndian(width)
        ihdr += bigEndian(height)
        ihdr += [bitDepth, colorType, 0, 0, 0]
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += chunk("IHDR", ihdr)
        bytes += chunk("IDAT", zlib([0, 0, 0, 0]))
        bytes += chunk("IEND", [])
        return FixtureExport.keep(bytes)
    }

    /// A PNG chunk: length, type, data and CRC-32.
    /// - Parameters:
    ///   - type: Four ASCII letters, e.g. `tEXt`.
    ///   - data: The chunk data.
    /// - Returns: The chunk's bytes.
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let name = Array(type.utf8)
        precondition(name.count == 4, "a PNG chunk type has four letters")
        let body = name + data
        let crc = body.withUnsafeBufferPointer { cif_crc32(0, $0.baseAddress, $0.count) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc)
    }

    /// A zlib stream of the bytes (to build chunks by hand).
    /// - Parameter bytes: Input.
    /// - Returns: The zlib stream.
    public static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        let rc = bytes.withUnsafeBufferPointer { input in
            var dummy: UInt8 = 0
            return cif_zlib(input.baseAddress ?? withUnsafeMutablePointer(to: &dummy) { UnsafePointer($0) }, input.count, &out, &length)
        }
        precondition(rc == 0, "zlib failed")
        defer { cif_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Runs one of CImageFixtures' encoders (`out`, `out_len`, `errmsg`, `errlen`) and hands back its bytes; a
    /// fixture that cannot be encoded stops the test run with the encoder's reason.
    static func encode(
        _ what: String,
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>, Int) -> Int32
    ) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let rc = message.withUnsafeMutableBufferPointer { text in body(&out, &length, text.baseAddress!, text.count) }
        guard rc == 0, let out else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            preconditionFailure("\(what) fixture encoding failed: \(reason)")
        }
        defer { cif_free(out) }
        return FixtureExport.keep(Array(UnsafeBufferPointer(start: out, count: length)))
    }
}
