import ImageCodecs
import ImageFixtures
import Testing

@Suite("JPEG probe")
struct JPEGProbeTests {
    @Test("baseline, progressive, grayscale and CMYK headers", arguments: [
        (FixtureImage.JPEGColor.rgb, false, 3, ColorModel.ycbcr),
        (.rgb, true, 3, .ycbcr),
        (.gray, false, 1, .gray),
        (.cmyk, false, 4, .cmyk),
        (.cmyk, true, 4, .cmyk),
    ])
    func header(color: FixtureImage.JPEGColor, progressive: Bool, components: Int, model: ColorModel) throws {
        let bytes = FixtureImage.jpeg(width: 120, height: 80, color: color, progressive: progressive)
        let header = try ImageProbe.probe(bytes: bytes)
        #expect(header.format == .jpeg)
        #expect(header.format.mimeType == "image/jpeg")
        #expect(header.width == 120)
        #expect(header.height == 80)
        #expect(header.bitDepth == 8)
        #expect(header.components == components)
        #expect(header.colorModel == model)
        #expect(header.isProgressive == progressive)
        #expect(header.isInterlaced == false)
        #expect(header.orientation == 1)
        #expect(header.displayWidth == 120 && header.displayHeight == 80)
    }

    @Test("EXIF orientation 6 swaps the display size")
    func orientationSix() throws {
        let bytes = FixtureImage.jpeg(width: 160, height: 120, orientation: 6)
        let header = try ImageProbe.probe(bytes: bytes)
        #expect(header.orientation == 6)
        #expect(header.width == 160 && header.height == 120)
        #expect(header.displayWidth == 120 && header.displayHeight == 160)
    }

    @Test("every EXIF orientation is read", arguments: 1...8)
    func orientations(value: Int) throws {
        let header = try ImageProbe.probe(bytes: FixtureImage.jpeg(width: 40, height: 30, orientation: value))
        #expect(header.orientation == value)
        let swapped = value >= 5
        #expect(header.displayWidth == (swapped ? 30 : 40))
    }

    @Test("a header larger than the first read block is read on demand from a file")
    func largeHeaderFromFile() throws {
        // 200 KB of COM segments before the EXIF block: far past the probe's first block.
        let bytes = FixtureImage.jpeg(width: 90, height: 70, orientation: 8, paddingBytes: 200_000)
        let (path, directory) = try TestSupport.file(bytes, named: "padded.jpg")
        defer { FixtureFile.removeTree(directory) }
        let header = try ImageProbe.probe(fileAtPath: path)
        #expect(header.width == 90 && header.height == 70)
        #expect(header.orientation == 8)
        #expect(header == (try ImageProbe.probe(bytes: bytes)))
    }

    @Test("12-bit JPEG is an unsupported precision, not corrupt, and keeps the stored size")
    func twelveBit() {
        let bytes = FixtureMutation.jpegPrecision(12, FixtureImage.jpeg(width: 64, height: 32))
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .unsupportedFeature)
        #expect(error?.message.contains("unsupported precision") == true)
        #expect(error?.storedWidth == 64 && error?.storedHeight == 32)
    }

    @Test("a JPEG claiming 65000x65000 is rejected from the header")
    func jpegBomb() {
        let bytes = FixtureMutation.jpegClaiming(width: 65000, height: 65000, FixtureImage.jpeg())
        let errors = [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header },
        ]
        for error in errors {
            #expect(error?.code == .tooLarge)
            #expect(error?.message.contains("65000x65000") == true)
        }
    }

    @Test("a zero height is a header failure")
    func zeroHeight() {
        let bytes = FixtureMutation.jpegClaiming(width: 64, height: 0, FixtureImage.jpeg())
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }?.code == .invalidHeader)
    }

    @Test("a JPEG cut inside its header fails the probe as truncated", arguments: [3, 20, 100, 300])
    func headerTruncation(keep: Int) {
        let bytes = FixtureMutation.truncated(FixtureImage.jpeg(width: 64, height: 48), to: keep)
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .truncated)
    }

    @Test("the pixel limit is configurable")
    func pixelLimit() throws {
        let bytes = FixtureImage.jpeg(width: 100, height: 100)
        #expect(throws: CodecError.self) { try ImageProbe.probe(bytes: bytes, limits: CodecLimits(maxPixels: 9_999)) }
        #expect(try ImageProbe.probe(bytes: bytes, limits: CodecLimits(maxPixels: 10_000)).width == 100)
    }
}

@Suite("JPEG structure")
struct JPEGStructureTests {
    @Test("a JPEG with no frame header before EOI is a header failure")
    func noFrameHeader() {
        let bytes: [UInt8] = [0xFF, 0xD8] + [0xFF, 0xFE, 0x00, 0x05, 0x61, 0x62, 0x63] + [0xFF, 0xD9]
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.message.contains("frame header") == true)
    }

    @Test("a JPEG whose data ends before any frame header is truncated")
    func endsBeforeFrameHeader() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8)
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .truncated)
    }
}
