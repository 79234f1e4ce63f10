import ImageCodecs
import ImageFixtures
import Testing

/// The decode memory estimated from a header, which import and `probe --verify` take from their budget.
@Suite("Decode memory estimate")
struct DecodeMemoryTests {
    static let libjpegWorking = 1 << 20
    static let libpngWorking = 256 << 10

    static func up(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

    @Test("a progressive JPEG needs its whole coefficient buffer: blocks × 64 × 2 bytes per component",
          arguments: [(1000, 800), (333, 77), (17, 1601)])
    func progressive(width: Int, height: Int) throws {
        let bytes = FixtureImage.jpeg(width: width, height: height, progressive: true)
        // the fixture's YCbCr is 4:2:0: luma in 2×2 MCUs of 8×8 blocks, each chroma one block per 16×16 pixels
        let wide = (width + 7) / 8, high = (height + 7) / 8
        let luma = Self.up(wide, 2) * Self.up(high, 2)
        let chroma = (width + 15) / 16 * ((height + 15) / 16)
        let expected = Self.libjpegWorking + (luma + 2 * chroma) * 64 * 2
        #expect(try DecodeMemory.estimate(bytes: bytes).bytes == expected)
        let (path, directory) = try TestSupport.file(bytes, named: "p.jpg")
        defer { FixtureFile.removeTree(directory) }
        #expect(try DecodeMemory.estimate(fileAtPath: path).bytes == expected)
    }

    @Test("a CMYK progressive JPEG counts four full-size components")
    func cmyk() throws {
        let bytes = FixtureImage.jpeg(width: 640, height: 480, color: .cmyk, progressive: true)
        #expect(try DecodeMemory.estimate(bytes: bytes).bytes == Self.libjpegWorking + 4 * 80 * 60 * 128)
    }

    @Test("a baseline JPEG needs one row of MCUs, far less than its progressive twin")
    func baseline() throws {
        let baseline = try DecodeMemory.estimate(bytes: FixtureImage.jpeg(width: 1000, height: 800)).bytes
        let progressive = try DecodeMemory.estimate(bytes: FixtureImage.jpeg(width: 1000, height: 800, progressive: true)).bytes
        #expect(baseline == Self.libjpegWorking + (126 * 2 + 2 * 63) * 128)
        #expect(progressive > baseline + 1_500_000)
    }

    @Test("a PNG needs three rows whatever its height or interlacing")
    func png() throws {
        for interlaced in [false, true] {
            let bytes = FixtureImage.png(width: 1000, height: 30, color: .rgba, bitDepth: 16, interlaced: interlaced)
            #expect(try DecodeMemory.estimate(bytes: bytes).bytes == Self.libpngWorking + 3 * (1000 * 8 + 1))
        }
        let gray1 = FixtureImage.png(width: 1001, height: 3, color: .gray, bitDepth: 1)
        #expect(try DecodeMemory.estimate(bytes: gray1).bytes == Self.libpngWorking + 3 * (126 + 1))
    }

    @Test("the estimate comes with the header, and fails as the probe does")
    func header() throws {
        let estimate = try DecodeMemory.estimate(bytes: FixtureImage.jpeg(width: 64, height: 48, progressive: true))
        #expect(estimate.header.width == 64 && estimate.header.isProgressive)
        let error = TestSupport.error { () throws(CodecError) in try DecodeMemory.estimate(bytes: Array("GIF89a".utf8)) }
        let probe = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: Array("GIF89a".utf8)) }
        #expect(error?.code == .truncated && error == probe)
    }
}
