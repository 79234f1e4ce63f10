import ImageCodecs
import ImageFixtures
import Testing

/// `PictureConverter` on GIF, TIFF, BMP, WebP and HEIF: a JPEG when opaque, a PNG with alpha, upright (the red
/// quadrant top left), within the long side asked for.
@Suite struct FormatConversionTests {
    /// Converts, verifies the result and checks one pixel in each quadrant.
    @discardableResult
    static func convert(_ bytes: [UInt8], maxSide: Int? = nil, expectAlpha: Bool, upright: (width: Int, height: Int),
                        _ what: String) throws -> ImageHeader {
        let header = try ImageVerifier.verify(bytes: bytes).header
        let converted = try PictureConverter.convert(bytes, header: header, maxSide: maxSide)
        let after = try ImageVerifier.verify(bytes: converted).header
        #expect(after.format == (expectAlpha ? .png : .jpeg), "\(what): \(after.format)")
        #expect(after.orientation == 1 && after.frameCount == 1 && !after.isAnimated, "\(what)")
        let pixels = try #require(expectAlpha ? FixturePixels(png: converted) : FixturePixels(jpeg: converted), "\(what)")
        #expect(pixels.width == upright.width && pixels.height == upright.height,
                "\(what): \(pixels.width)x\(pixels.height), expected \(upright.width)x\(upright.height)")
        let w = pixels.width, h = pixels.height
        let expected: [(x: Int, y: Int, rgb: [Int])] = [
            (w / 4, h / 4, [255, 0, 0]), (3 * w / 4, h / 4, [0, 255, 0]), (w / 4, 3 * h / 4, [0, 0, 255]),
            (3 * w / 4, 3 * h / 4, [255, 255, 255]),
        ]
        for (i, corner) in expected.enumerated() {
            let p = pixels.pixel(x: corner.x, y: corner.y).map(Int.init)
            if pixels.channels == 1 { continue }
            if expectAlpha && i == 3 {
                #expect(p[3] == 0, "\(what): the bottom-right quadrant is transparent: \(p)")
                continue
            }
            let off = zip(p.prefix(3), corner.rgb).map { abs($0 - $1) }.max() ?? 0
            #expect(off < 48, "\(what): quadrant \(i) is \(p), expected \(corner.rgb)")
            if pixels.channels == 4 { #expect(p[3] == 255, "\(what)") }
        }
        return after
    }

    @Test func gifFirstFrame() throws {
        try Self.convert(FixtureFormats.gif(width: 64, height: 48, frames: 3), expectAlpha: false, upright: (64, 48), "GIF")
        try Self.convert(FixtureFormats.gif(width: 64, height: 48, transparent: true, interlaced: true), expectAlpha: true,
                         upright: (64, 48), "transparent interlaced GIF")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func tiffIsTurnedByItsOrientationTagOnce(orientation: Int) throws {
        let turned = orientation >= 5
        try Self.convert(FixtureFormats.tiff(width: 80, height: 48, pages: 2, orientation: orientation), expectAlpha: false,
                         upright: turned ? (48, 80) : (80, 48), "TIFF o\(orientation)")
    }

    @Test func tiffKinds() throws {
        try Self.convert(FixtureFormats.tiff(samples: 4, bits: 16, compression: .deflate), expectAlpha: true, upright: (64, 48),
                         "RGBA TIFF")
        let gray = try Self.convert(FixtureFormats.tiff(samples: 1, tiled: true), expectAlpha: false, upright: (64, 48), "gray TIFF")
        #expect(gray.colorModel == .gray, "gray stays gray")
    }

    /// libtiff passes 8-bit gray with unassociated alpha as stored (colour it premultiplies): the gray is not divided
    /// by the alpha again. 76 is the fixture's gray of red (255 × 0.3), half transparent.
    @Test func aGrayTIFFWithAlphaKeepsItsGrayAndItsAlpha() throws {
        let bytes = FixtureFormats.tiff(width: 64, height: 48, samples: 2)
        let header = try ImageVerifier.verify(bytes: bytes).header
        let converted = try PictureConverter.convert(bytes, header: header, maxSide: nil)
        #expect(try ImageVerifier.verify(bytes: converted).header.format == .png)
        let pixels = try #require(FixturePixels(png: converted))
        let red = pixels.pixel(x: 16, y: 12).map(Int.init)
        #expect(abs(red[0] - 76) <= 2 && red[3] == 128, "\(red)")
        #expect(pixels.pixel(x: 48, y: 36)[3] == 0, "the white quadrant stays transparent")
    }

    /// libtiff's 16-bit gray path reads no alpha: refused, never uploaded as an opaque JPEG.
    @Test func a16BitGrayTIFFWithAlphaIsRefusedRatherThanMadeOpaque() throws {
        let bytes = FixtureFormats.tiff(samples: 2, bits: 16)
        let header = try ImageVerifier.verify(bytes: bytes).header
        #expect(header.hasAlpha)
        #expect { try PictureConverter.convert(bytes, header: header, maxSide: nil) } throws: {
            ($0 as? CodecError)?.message.contains("16-bit gray") == true
        }
    }

    @Test func bmpKinds() throws {
        for (bits, header, rle, topDown) in [(8, 40, true, false), (4, 40, true, false), (24, 12, false, false), (24, 40, false, true),
                                             (16, 40, false, false), (32, 40, false, false)] {
            try Self.convert(FixtureFormats.bmp(width: 64, height: 48, bits: bits, header: header, topDown: topDown, rle: rle),
                             expectAlpha: false, upright: (64, 48), "BMP \(bits) bits")
        }
        try Self.convert(FixtureFormats.bmp(bits: 32, header: 124, alpha: true), expectAlpha: true, upright: (64, 48), "BMP alpha")
    }

    @Test(arguments: [1, 3, 6, 8])
    func webpIsTurnedByItsEXIFOrientation(orientation: Int) throws {
        try Self.convert(FixtureFormats.webp(width: 80, height: 48, orientation: orientation, icc: true), expectAlpha: false,
                         upright: orientation >= 5 ? (48, 80) : (80, 48), "WebP o\(orientation)")
    }

    @Test func webpKinds() throws {
        try Self.convert(FixtureFormats.webp(lossless: true, alpha: true), expectAlpha: true, upright: (64, 48), "WebP alpha")
        try Self.convert(FixtureFormats.webp(frames: 3), expectAlpha: false, upright: (64, 48), "animated WebP")
    }

    @Test(arguments: [1, 3, 6, 8])
    func heifComesOutUprightOnce(orientation: Int) throws {
        try Self.convert(FixtureFormats.heif(width: 80, height: 48, orientation: orientation, exifOrientation: orientation),
                         expectAlpha: false, upright: orientation >= 5 ? (48, 80) : (80, 48), "HEIF o\(orientation)")
    }

    @Test func heifWithAlphaBecomesAPNG() throws {
        try Self.convert(FixtureFormats.heif(alpha: true, icc: true), expectAlpha: true, upright: (64, 48), "HEIF alpha")
    }

    @Test func theLongSideIsHonoured() throws {
        let cases: [([UInt8], (Int, Int))] = [
            (FixtureFormats.heif(width: 160, height: 96, orientation: 6), (24, 40)),
            (FixtureFormats.webp(width: 160, height: 96), (40, 24)),
            (FixtureFormats.tiff(width: 160, height: 96, orientation: 8), (24, 40)),
            (FixtureFormats.bmp(width: 160, height: 96), (40, 24)),
            (FixtureFormats.gif(width: 160, height: 96), (40, 24)),
        ]
        for (bytes, size) in cases {
            let header = try ImageProbe.probe(bytes: bytes)
            try Self.convert(bytes, maxSide: 40, expectAlpha: false, upright: size, "\(header.format) at 40")
        }
    }

    @Test func theICCProfileTravels() throws {
        for bytes in [FixtureFormats.tiff(icc: true), FixtureFormats.webp(icc: true), FixtureFormats.heif(icc: true)] {
            let header = try ImageProbe.probe(bytes: bytes)
            let converted = try PictureConverter.convert(bytes, header: header, maxSide: nil)
            #expect(MetadataStripTests.contains(converted, "ICC_PROFILE"), "\(header.format)")
        }
        let alpha = try PictureConverter.convert(FixtureFormats.webp(lossless: true, alpha: true, icc: true),
                                                 header: try ImageProbe.probe(bytes: FixtureFormats.webp(lossless: true, alpha: true, icc: true)),
                                                 maxSide: nil)
        #expect(MetadataStripTests.contains(alpha, "iCCP"), "the PNG carries it in iCCP")
    }
}
