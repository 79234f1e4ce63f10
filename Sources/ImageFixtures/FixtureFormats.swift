import CImageFixtures

/// GIF, TIFF, WebP, HEIF and BMP fixtures, encoded in memory by each format's own library (giflib, libtiff,
/// libwebp, libheif's HEVC encoder) or, for BMP, written byte by byte: never copied files.
///
/// Every picture shows a quadrant pattern once its orientation is applied: red top left, green top right, blue
/// bottom left, white bottom right (transparent when the fixture has alpha), so a test can check that a
/// conversion came out upright by one pixel per corner.
public enum FixtureFormats {
    /// Compression of a TIFF fixture's strips or tiles.
    public enum TIFFCompression: Sendable, Hashable, CaseIterable {
        /// Uncompressed.
        case none
        /// LZW.
        case lzw
        /// Adobe deflate (zlib).
        case deflate
        /// PackBits.
        case packBits
    }

    /// A GIF written by giflib.
    /// - Parameters:
    ///   - width: Every frame's width.
    ///   - height: Every frame's height.
    ///   - frames: Frames; more than one writes an animation (NETSCAPE2.0 loop).
    ///   - transparent: A graphics control extension makes the white quadrant transparent.
    ///   - interlaced: Interlaced frames.
    ///   - screenWidth: The logical screen's width; nil: the frame's.
    ///   - screenHeight: The logical screen's height; nil: the frame's.
    /// - Returns: The file's bytes.
    public static func gif(
        width: Int = 64, height: Int = 48, frames: Int = 1, transparent: Bool = false, interlaced: Bool = false,
        screenWidth: Int? = nil, screenHeight: Int? = nil
    ) -> [UInt8] {
        var options = cif_gif_options(
            width: UInt32(width), height: UInt32(height), screen_width: UInt32(screenWidth ?? 0),
            screen_height: UInt32(screenHeight ?? 0), frames: Int32(frames), transparent: transparent ? 1 : 0,
            interlaced: interlaced ? 1 : 0)
        return FixtureImage.encode("GIF") { cif_gif_encode(&options, $0, $1, $2, $3) }
    }

    /// A TIFF written by libtiff.
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - pages: Directories, each the same picture.
    ///   - orientation: The Orientation tag 1...8 (pixels stored so the picture shows upright); nil writes none.
    ///   - samples: 1 (gray), 2 (gray and unassociated alpha: 128 everywhere, 0 in the white quadrant), 3 (RGB) or
    ///     4 (RGBA, unassociated alpha).
    ///   - bits: 8 or 16 bits per sample.
    ///   - compression: The strips' or tiles' compression.
    ///   - tiled: 16×16 tiles instead of strips.
    ///   - rowsPerStrip: Rows per strip; nil: libtiff's default.
    ///   - bigEndian: "MM" byte order.
    ///   - icc: An ICC profile tag.
    /// - Returns: The file's bytes.
    public static func tiff(
        width: Int = 64, height: Int = 48, pages: Int = 1, orientation: Int? = nil, samples: Int = 3, bits: Int = 8,
        compression: TIFFCompression = .lzw, tiled: Bool = false, rowsPerStrip: Int? = nil, bigEndian: Bool = false,
        icc: Bool = false
    ) -> [UInt8] {
        let raw: Int32 = switch compression {
        case .none: 0
        case .lzw: 1
        case .deflate: 2
        case .packBits: 3
        }
        let c = cif_tiff_compression(rawValue: raw) ?? cif_tiff_compression(rawValue: 0)!
        var options = cif_tiff_options(
            width: UInt32(width), height: UInt32(height), pages: Int32(pages), orientation: Int32(orientation ?? 0),
            samples: Int32(samples), bits: Int32(bits), compression: c, tiled: tiled ? 1 : 0,
            rows_per_strip: UInt32(rowsPerStrip ?? 0), big_endian: bigEndian ? 1 : 0, icc: icc ? 1 : 0)
        return FixtureImage.encode("TIFF") { cif_tiff_encode(&options, $0, $1, $2, $3) }
    }

    /// A WebP written by libwebp.
    /// - Parameters:
    ///   - width: Width (an animation's canvas).
    ///   - height: Height.
    ///   - lossless: VP8L instead of lossy VP8.
    ///   - alpha: The white quadrant transparent.
    ///   - frames: 1 for a still; more for an animation (WebPAnimEncoder).
    ///   - orientation: EXIF orientation 1...8 in an EXIF chunk (pixels stored so the picture shows upright); nil: none.
    ///   - icc: An ICCP chunk.
    ///   - quality: Lossy quality 0...100.
    /// - Returns: The file's bytes.
    public static func webp(
        width: Int = 64, height: Int = 48, lossless: Bool = false, alpha: Bool = false, frames: Int = 1,
        orientation: Int? = nil, icc: Bool = false, quality: Int = 90
    ) -> [UInt8] {
        var options = cif_webp_options(
            width: UInt32(width), height: UInt32(height), lossless: lossless ? 1 : 0, alpha: alpha ? 1 : 0,
            frames: Int32(frames), orientation: Int32(orientation ?? 0), icc: icc ? 1 : 0, quality: Int32(quality))
        return FixtureImage.encode("WebP") { cif_webp_encode(&options, $0, $1, $2, $3) }
    }

    /// A HEIF (HEIC) written by libheif's HEVC encoder, as a phone writes one.
    /// - Parameters:
    ///   - width: Stored width.
    ///   - height: Stored height.
    ///   - alpha: An alpha plane; the white quadrant transparent.
    ///   - orientation: 1...8 as irot/imir (pixels stored so the picture shows upright); nil: none.
    ///   - exifOrientation: An EXIF block with this orientation (informative, as a phone writes it); nil: none.
    ///   - icc: An ICC profile.
    ///   - images: Top-level images (the first is the primary one).
    ///   - quality: 1...100.
    /// - Returns: The file's bytes.
    public static func heif(
        width: Int = 64, height: Int = 48, alpha: Bool = false, orientation: Int? = nil, exifOrientation: Int? = nil,
        icc: Bool = false, images: Int = 1, quality: Int = 90
    ) -> [UInt8] {
        var options = cif_heif_options(
            width: UInt32(width), height: UInt32(height), alpha: alpha ? 1 : 0, orientation: Int32(orientation ?? 0),
            exif_orientation: Int32(exifOrientation ?? 0), icc: icc ? 1 : 0, images: Int32(images), quality: Int32(quality))
        return FixtureImage.encode("HEIF") { cif_heif_encode(&options, $0, $1, $2, $3) }
    }

    /// A BMP written byte by byte.
    /// - Parameters:
    ///   - width: Width.
    ///   - height: Height.
    ///   - bits: 1, 4, 8 (palette), 16 (5-6-5 bit fields with a v3+ header), 24 or 32.
    ///   - header: The DIB header's size: 12 (OS/2 core), 40 (v3), 108 (v4) or 124 (v5).
    ///   - topDown: Rows stored top first (a negative height).
    ///   - rle: RLE8 or RLE4 (with 8 or 4 bits).
    ///   - alpha: With 32 bits and a v4/v5 header: an alpha mask, the white quadrant transparent.
    /// - Returns: The file's bytes.
    public static func bmp(
        width: Int = 64, height: Int = 48, bits: Int = 24, header: Int = 40, topDown: Bool = false, rle: Bool = false,
        alpha: Bool = false
    ) -> [UInt8] {
        var options = cif_bmp_options(
            width: UInt32(width), height: UInt32(height), bits: Int32(bits), header: Int32(header),
            top_down: topDown ? 1 : 0, rle: rle ? 1 : 0, alpha: alpha ? 1 : 0)
        return FixtureImage.encode("BMP") { cif_bmp_encode(&options, $0, $1, $2, $3) }
    }

    /// A 16×16 GIF whose logical screen claims 65535×65535 (4.3 gigapixels): a viewer that allocates the screen
    /// needs 16 GiB.
    public static var gifScreenBomb: [UInt8] {
        gif(width: 16, height: 16, screenWidth: 65535, screenHeight: 65535)
    }

    /// A hand-built 256-byte TIFF of 1000×1000 gray pixels whose single LZW strip claims 4 GiB (0xFFFFFFF0 bytes).
    public static var tiffStripBomb: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 256)
        bytes.replaceSubrange(0..<8, with: [0x49, 0x49, 42, 0, 8, 0, 0, 0])
        // tag, type (3 SHORT, 4 LONG), value
        let entries: [(UInt16, UInt16, UInt32)] = [
            (256, 4, 1000), (257, 4, 1000), (258, 3, 8), (259, 3, 5), (262, 3, 1), (273, 4, 200), (277, 3, 1),
            (278, 4, 1000), (279, 4, 0xFFFF_FFF0),
        ]
        bytes[8] = UInt8(entries.count)
        for (i, entry) in entries.enumerated() {
            let at = 10 + i * 12
            bytes[at] = UInt8(entry.0 & 0xFF)
            bytes[at + 1] = UInt8(entry.0 >> 8)
            bytes[at + 2] = UInt8(entry.1)
            bytes[at + 4] = 1
            for k in 0..<4 { bytes[at + 8 + k] = UInt8((entry.2 >> (8 * UInt32(k))) & 0xFF) }
        }
        return FixtureExport.keep(bytes)
    }

    /// The small, well-formed ICC profile the fixtures embed (display class, RGB, no tags).
    public static var iccProfile: [UInt8] {
        Array(UnsafeBufferPointer(start: cif_icc_profile(), count: cif_icc_profile_size()))
    }
}

extension FixturePixels {
    /// A decoded PNG as 8-bit RGBA (libpng's simplified API); nil when it does not decode.
    public init?(png bytes: [UInt8]) {
        guard let decoded = FixtureImage.decode(bytes, { cif_png_decode($0, $1, $2, $3, $4, $5) }),
              decoded.width > 0, decoded.height > 0 else { return nil }
        self.init(width: decoded.width, height: decoded.height, channels: 4, samples: decoded.samples)
    }

    /// The samples of pixel (x, y).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let at = (y * width + x) * channels
        return Array(samples[at..<at + channels])
    }
}
