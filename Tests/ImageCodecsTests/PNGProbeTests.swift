import ImageCodecs
import ImageFixtures
import Testing

@Suite("PNG probe")
struct PNGProbeTests {
    @Test("colour types, bit depths and Adam7", arguments: [
        (FixtureImage.PNGColor.gray, 8, false, ColorModel.gray, 1),
        (.gray, 1, false, .gray, 1),
        (.gray, 16, false, .gray, 1),
        (.rgb, 8, false, .rgb, 3),
        (.rgb, 16, false, .rgb, 3),
        (.rgba, 8, false, .rgba, 4),
        (.grayAlpha, 8, false, .grayAlpha, 2),
        (.palette, 8, false, .palette, 1),
        (.palette, 4, false, .palette, 1),
        (.rgb, 8, true, .rgb, 3),
        (.rgba, 16, true, .rgba, 4),
    ])
    func header(color: FixtureImage.PNGColor, depth: Int, interlaced: Bool, model: ColorModel, components: Int) throws {
        let bytes = FixtureImage.png(width: 33, height: 17, color: color, bitDepth: depth, interlaced: interlaced)
        let header = try ImageProbe.probe(bytes: bytes)
        #expect(header.format == .png)
        #expect(header.format.mimeType == "image/png")
        #expect(header.width == 33 && header.height == 17)
        #expect(header.bitDepth == depth)
        #expect(header.colorModel == model)
        #expect(header.components == components)
        #expect(header.isInterlaced == interlaced)
        #expect(header.isProgressive == false)
        #expect(header.orientation == 1)
        // and the full decode agrees
        #expect(try ImageVerifier.verify(bytes: bytes).header == header)
    }

    @Test("a header claiming 100000x100000 is rejected before any allocation")
    func pngBomb() {
        let bytes = FixtureImage.pngClaiming(width: 100_000, height: 100_000)
        let errors = [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header },
        ]
        for error in errors {
            #expect(error?.code == .tooLarge)
            #expect(error?.message.contains("100000x100000") == true)
        }
    }

    @Test("zero and over-2^31 dimensions are header failures", arguments: [
        (UInt32(0), UInt32(10)), (10, 0), (0x8000_0000, 10), (10, 0xFFFF_FFFF),
    ])
    func badDimensions(width: UInt32, height: UInt32) {
        let bytes = FixtureImage.pngClaiming(width: width, height: height)
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }?.code == .invalidHeader)
    }

    @Test("an illegal colour type / bit depth pair is a header failure")
    func illegalDepth() {
        let bytes = FixtureImage.pngClaiming(width: 8, height: 8, bitDepth: 3, colorType: 2)
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }?.code == .invalidHeader)
    }

    @Test("a first chunk that is not IHDR is a header failure")
    func notIHDRFirst() {
        let good = FixtureImage.png()
        let bytes = Array(good.prefix(8)) + FixtureImage.chunk("tEXt", Array("a\0b".utf8)) + good.dropFirst(8)
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.message.contains("IHDR") == true)
    }

    @Test("a flipped IHDR CRC is a header failure")
    func ihdrCRC() {
        let bytes = FixtureMutation.flippingCRC(of: "IHDR", in: FixtureImage.png())
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }?.code == .invalidHeader)
    }

    @Test("a PNG cut inside its signature or IHDR is truncated or not an image", arguments: [4, 12, 20, 32])
    func headerTruncation(keep: Int) {
        let bytes = FixtureMutation.truncated(FixtureImage.png(), to: keep)
        let code = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }?.code
        #expect(code == (keep < 8 ? .notAnImage : .truncated))
    }

    @Test("the probe reads only the header: damage after IHDR passes the probe")
    func probeIsHeaderOnly() throws {
        let bytes = FixtureMutation.flippingCRC(of: "IDAT", in: FixtureImage.png(width: 20, height: 10))
        #expect(try ImageProbe.probe(bytes: bytes).width == 20)
        let big = FixtureImage.png(width: 20, height: 10, textBytes: 300_000)
        let (path, directory) = try TestSupport.file(big, named: "big-text.png")
        defer { FixtureFile.removeTree(directory) }
        #expect(try ImageProbe.probe(fileAtPath: path).height == 10)
        #expect(try ImageVerifier.verify(fileAtPath: path).header.height == 10)
    }
}
