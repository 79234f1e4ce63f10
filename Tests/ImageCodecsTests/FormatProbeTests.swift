import ImageCodecs
import ImageFixtures
import Testing

/// Probe and verify of GIF, TIFF, BMP, WebP and HEIF: what each header says, from memory and from a file alike.
@Suite struct FormatProbeTests {
    /// Probe and verify of bytes and of the same bytes as a file; all four must agree on the header.
    static func headers(_ bytes: [UInt8], named name: String) throws -> ImageHeader {
        let probed = try ImageProbe.probe(bytes: bytes)
        let verified = try ImageVerifier.verify(bytes: bytes).header
        let (path, _) = try TestSupport.file(bytes, named: name)
        let probedFile = try ImageProbe.probe(fileAtPath: path)
        let verifiedFile = try ImageVerifier.verify(fileAtPath: path).header
        #expect(probed == verified && probed == probedFile && probed == verifiedFile, "\(name)")
        return probed
    }

    @Test func aGIFCountsItsFramesAndItsTransparency() throws {
        let still = try Self.headers(FixtureFormats.gif(width: 40, height: 30), named: "still.gif")
        #expect(still.format == .gif && still.width == 40 && still.height == 30)
        #expect(still.frameCount == 1 && !still.isAnimated && !still.hasAlpha && still.colorModel == .palette)
        let animated = try Self.headers(FixtureFormats.gif(width: 40, height: 30, frames: 4, transparent: true, interlaced: true),
                                        named: "animated.gif")
        #expect(animated.frameCount == 4 && animated.isAnimated && animated.hasAlpha && animated.isInterlaced)
    }

    @Test func aGIFFrameSmallerThanItsScreen() throws {
        let header = try Self.headers(FixtureFormats.gif(width: 20, height: 10, screenWidth: 50, screenHeight: 40),
                                      named: "small-frame.gif")
        #expect(header.width == 20 && header.height == 10, "the first frame's size")
    }

    @Test(arguments: [1, 3, 6, 8])
    func aTIFFReportsItsOrientationTagAndPages(orientation: Int) throws {
        let header = try Self.headers(FixtureFormats.tiff(width: 40, height: 24, pages: 3, orientation: orientation),
                                      named: "o\(orientation).tif")
        #expect(header.format == .tiff && header.width == 40 && header.height == 24)
        #expect(header.orientation == orientation && header.frameCount == 3 && !header.isAnimated)
        #expect(header.colorModel == .rgb && header.bitDepth == 8 && header.components == 3)
    }

    @Test func tiffKinds() throws {
        let gray = try Self.headers(FixtureFormats.tiff(samples: 1, compression: .deflate, tiled: true), named: "gray.tif")
        #expect(gray.colorModel == .gray && gray.components == 1 && !gray.hasAlpha)
        let rgba16 = try Self.headers(FixtureFormats.tiff(samples: 4, bits: 16, compression: .packBits, bigEndian: true),
                                      named: "rgba16.tif")
        #expect(rgba16.colorModel == .rgba && rgba16.bitDepth == 16 && rgba16.hasAlpha)
        let plain = try Self.headers(FixtureFormats.tiff(compression: .none, rowsPerStrip: 5), named: "plain.tif")
        #expect(plain.frameCount == 1)
    }

    @Test func bmpKinds() throws {
        let cases: [(bits: Int, header: Int, topDown: Bool, rle: Bool, alpha: Bool, model: ColorModel)] = [
            (1, 40, false, false, false, .palette), (4, 40, false, true, false, .palette), (8, 40, false, true, false, .palette),
            (8, 12, false, false, false, .palette), (16, 40, false, false, false, .rgb), (24, 40, true, false, false, .rgb),
            (24, 12, false, false, false, .rgb), (32, 40, false, false, false, .rgb), (32, 108, false, false, true, .rgba),
            (32, 124, true, false, true, .rgba),
        ]
        for c in cases {
            let header = try Self.headers(
                FixtureFormats.bmp(width: 37, height: 21, bits: c.bits, header: c.header, topDown: c.topDown, rle: c.rle, alpha: c.alpha),
                named: "b\(c.bits)-\(c.header).bmp")
            #expect(header.format == .bmp && header.width == 37 && header.height == 21, "\(c)")
            #expect(header.colorModel == c.model && header.hasAlpha == c.alpha, "\(c)")
        }
    }

    @Test func webpKinds() throws {
        let lossy = try Self.headers(FixtureFormats.webp(), named: "lossy.webp")
        #expect(lossy.format == .webp && lossy.width == 64 && lossy.height == 48 && !lossy.hasAlpha && lossy.frameCount == 1)
        let lossless = try Self.headers(FixtureFormats.webp(lossless: true, alpha: true), named: "lossless.webp")
        #expect(lossless.hasAlpha)
        let turned = try Self.headers(FixtureFormats.webp(orientation: 6, icc: true), named: "turned.webp")
        #expect(turned.orientation == 6, "the EXIF chunk's orientation")
        let animated = try Self.headers(FixtureFormats.webp(width: 30, height: 20, frames: 3), named: "animated.webp")
        #expect(animated.isAnimated && animated.frameCount == 3 && animated.width == 30 && animated.height == 20)
    }

    @Test func heifReportsTheUprightSizeAndItsImages() throws {
        let plain = try Self.headers(FixtureFormats.heif(), named: "plain.heic")
        #expect(plain.format == .heic && plain.width == 64 && plain.height == 48 && plain.bitDepth == 8)
        #expect(plain.orientation == 1 && !plain.hasAlpha && plain.frameCount == 1)
        // irot/imir are applied by libheif: the header is the upright picture, orientation 1 (turned once only)
        let turned = try Self.headers(FixtureFormats.heif(orientation: 6, exifOrientation: 6), named: "turned.heic")
        #expect(turned.width == 48 && turned.height == 64 && turned.orientation == 1)
        let alpha = try Self.headers(FixtureFormats.heif(alpha: true, images: 2), named: "alpha.heic")
        #expect(alpha.hasAlpha && alpha.frameCount == 2)
    }

    /// A phone writes the turn twice (irot/imir and EXIF): the picture is turned once, and no note comes with it
    /// (it would come with every phone photo of an import); an EXIF orientation alone does not turn a HEIF.
    @Test func heifTurnsByIrotOnceAndNeedsNoNoteForThePhonesEXIF() throws {
        let phone = try ImageVerifier.verify(bytes: FixtureFormats.heif(orientation: 6, exifOrientation: 6))
        #expect(phone.notes.isEmpty && phone.header.width == 48 && phone.header.height == 64, "\(phone.notes)")
        let exifOnly = try ImageVerifier.verify(bytes: FixtureFormats.heif(exifOrientation: 6))
        #expect(exifOnly.header.width == 64 && exifOnly.header.height == 48 && exifOnly.header.orientation == 1)
    }

    @Test func decodeMemoryIsEstimatedFromTheHeader() throws {
        for bytes in [FixtureFormats.gif(), FixtureFormats.tiff(), FixtureFormats.bmp(), FixtureFormats.webp(), FixtureFormats.heif()] {
            let estimate = try DecodeMemory.estimate(bytes: bytes)
            #expect(estimate.bytes > 0, "\(estimate.header.format)")
        }
    }
}
