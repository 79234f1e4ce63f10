import ImageCodecs
import ImageFixtures
import Testing

/// `PictureResizer`: fitted within the long side, upright, the right kind of pixels, metadata gone; and the
/// lossless turn where the MCU grid allows it.
@Suite struct PictureResizerTests {
    /// How far `bytes` (a JPEG) is from the source's upright picture reduced to its size by area averaging,
    /// and from the same picture not turned (or turned the other way): a correct result is close to the first.
    static func distances(_ bytes: [UInt8], source: [UInt8], orientation: Int) throws -> (right: Double, wrong: Double) {
        let result = try #require(FixturePixels(jpeg: bytes))
        let original = try #require(FixturePixels(jpeg: source))
        let right = original.upright(orientation: orientation).areaAveraged(toWidth: result.width, toHeight: result.height)
        // the other turn of the same shape: 6 and 8 swap the sides alike, 1 and 3 keep them
        let wrongOrientation = [1: 3, 3: 1, 6: 8, 8: 6][orientation] ?? 1
        let wrong = original.upright(orientation: wrongOrientation).areaAveraged(toWidth: result.width, toHeight: result.height)
        return (try #require(result.meanDifference(from: right)), try #require(result.meanDifference(from: wrong)))
    }

    @Test(arguments: [1, 3, 6, 8])
    func aJPEGIsFittedWithinTheSideAndTurnedUpright(orientation: Int) throws {
        let source = FixtureImage.jpeg(width: 640, height: 480, quality: 95, orientation: orientation, gps: true,
                                       metadata: true, scene: true, seed: 7)
        let header = try ImageProbe.probe(bytes: source)
        let resized = try PictureResizer.resize(source, header: header, maxSide: 200, jpegQuality: 90)
        let after = try ImageVerifier.verify(bytes: resized).header
        let turned = orientation >= 5
        #expect(after.width == (turned ? 150 : 200) && after.height == (turned ? 200 : 150), "\(after.width)x\(after.height)")
        #expect(after.orientation == 1 && !after.carriesGPS && !after.isProgressive)
        #expect(!MetadataStripTests.contains(resized, "Exif") && !MetadataStripTests.contains(resized, "xmpmeta"))
        #expect(MetadataStripTests.contains(resized, "ICC_PROFILE"), "the colour profile travels with the pixels")
        let (right, wrong) = try Self.distances(resized, source: source, orientation: orientation)
        #expect(right < 4, "close to the upright source: \(right)")
        #expect(wrong > 20, "and far from a wrongly turned one: \(right) vs \(wrong)")
    }

    @Test func grayStaysGrayAndCMYKStaysCMYK() throws {
        for (color, model, components) in [(FixtureImage.JPEGColor.gray, ColorModel.gray, 1), (.cmyk, .cmyk, 4)] {
            let source = FixtureImage.jpeg(width: 300, height: 100, color: color, seed: 3)
            let resized = try PictureResizer.resize(source, header: try ImageProbe.probe(bytes: source), maxSide: 120)
            let after = try ImageVerifier.verify(bytes: resized).header
            #expect(after.width == 120 && after.height == 40)
            #expect(after.colorModel == model && after.components == components, "\(color)")
        }
    }

    @Test func theQualityDecidesTheSize() throws {
        let source = FixtureImage.jpeg(width: 400, height: 300, quality: 95, seed: 4)
        let header = try ImageProbe.probe(bytes: source)
        let low = try PictureResizer.resize(source, header: header, maxSide: 200, jpegQuality: 30)
        let high = try PictureResizer.resize(source, header: header, maxSide: 200, jpegQuality: 95)
        #expect(low.count < high.count)
    }

    @Test(arguments: [FixtureImage.PNGColor.rgba, .grayAlpha, .rgb, .gray, .palette])
    func aPNGKeepsItsKindOfPixels(color: FixtureImage.PNGColor) throws {
        for interlaced in [false, true] {
            let source = FixtureImage.png(width: 90, height: 60, color: color, interlaced: interlaced, textBytes: 40, seed: 5)
            let resized = try PictureResizer.resize(source, header: try ImageProbe.probe(bytes: source), maxSide: 45)
            let after = try ImageVerifier.verify(bytes: resized).header
            #expect(after.format == .png && after.width == 45 && after.height == 30 && after.bitDepth == 8)
            #expect(!after.isInterlaced && !MetadataStripTests.contains(resized, "tEXt"))
            switch color {
            case .rgba: #expect(after.colorModel == .rgba, "alpha stays")
            case .grayAlpha: #expect(after.colorModel == .grayAlpha, "alpha stays")
            case .gray: #expect(after.colorModel == .gray)
            case .rgb: #expect(after.colorModel == .rgb)
            case .palette: #expect([.palette, .rgb].contains(after.colorModel), "\(after.colorModel)")
            }
        }
    }

    @Test func aPictureThatFitsKeepsItsSizeAndIsStillTurned() throws {
        let source = FixtureImage.jpeg(width: 64, height: 48, orientation: 6, seed: 9)
        let resized = try PictureResizer.resize(source, header: try ImageProbe.probe(bytes: source), maxSide: 1000)
        let after = try ImageProbe.probe(bytes: resized)
        #expect(after.width == 48 && after.height == 64 && after.orientation == 1)
    }

    @Test(arguments: [2, 3, 4, 5, 6, 7, 8])
    func aJPEGOnWholeMCUsIsTurnedWithoutReencoding(orientation: Int) throws {
        // 64 × 48 is whole 16 × 16 MCUs (4:2:0): every transform is perfect
        let source = FixtureImage.jpeg(width: 64, height: 48, quality: 90, orientation: orientation, scene: true, seed: 11)
        let header = try ImageProbe.probe(bytes: source)
        let turned = try #require(try PictureResizer.turnUprightLosslessly(source, header: header))
        let stripped = try MetadataStripper.strip(turned, format: .jpeg)
        let after = try ImageVerifier.verify(bytes: stripped).header
        #expect(after.orientation == 1)
        #expect(after.width == header.displayWidth && after.height == header.displayHeight)
        let expected = try #require(FixturePixels(jpeg: source)).upright(orientation: orientation)
        let result = try #require(FixturePixels(jpeg: stripped))
        // the same DCT blocks, moved: only the chroma upsampling's rounding differs
        #expect(try #require(result.meanDifference(from: expected)) < 0.5)
    }

    @Test func aPartialMCUOnAMovingEdgeRefusesTheLosslessTurn() throws {
        let source = FixtureImage.jpeg(width: 70, height: 50, orientation: 6, seed: 12)
        #expect(try PictureResizer.turnUprightLosslessly(source, header: try ImageProbe.probe(bytes: source)) == nil)
    }

    @Test func thePixelLimitHoldsForADirectCaller() throws {
        for source in [FixtureImage.jpeg(width: 64, height: 48, seed: 14), FixtureImage.png(width: 64, height: 48, seed: 14)] {
            let header = try ImageProbe.probe(bytes: source)
            do {
                _ = try PictureResizer.resize(source, header: header, maxSide: 16, limits: CodecLimits(maxPixels: 1000))
                Issue.record("a \(header.format) of 3072 pixels passed a limit of 1000")
            } catch {
                #expect(error.code == .tooLarge, "\(error)")
            }
        }
    }

    @Test func damagedInputIsACodecErrorNotACrash() throws {
        let source = FixtureImage.jpeg(width: 200, height: 100, seed: 13)
        let header = try ImageProbe.probe(bytes: source)
        var damaged = source
        for i in stride(from: 400, to: damaged.count - 2, by: 7) { damaged[i] = 0xFF }
        // a decode that libjpeg refuses is an error; one it gets through with warnings is a picture: never a crash
        _ = try? PictureResizer.resize(damaged, header: header, maxSide: 50)
        #expect(throws: CodecError.self) { try PictureResizer.resize(Array(source.prefix(100)), header: header, maxSide: 50) }
    }
}
