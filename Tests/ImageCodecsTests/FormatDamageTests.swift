import ImageCodecs
import ImageFixtures
import Testing

/// GIF, TIFF, BMP, WebP and HEIF files cut short or damaged: verify fails with a reason naming what is wrong.
@Suite struct FormatDamageTests {
    static func verifyError(_ bytes: [UInt8]) -> CodecError? {
        TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header }
    }

    @Test func aCutGIFIsTruncated() throws {
        let bytes = FixtureFormats.gif(width: 64, height: 48, frames: 2)
        let error = try #require(Self.verifyError(Array(bytes.dropLast(40))))
        #expect(error.code == .truncated && error.message.contains("frame"), "\(error.message)")
    }

    @Test func aGIFWithBrokenLZWDataIsCorrupt() throws {
        var bytes = FixtureFormats.gif(width: 64, height: 48)
        for i in (bytes.count / 2)..<(bytes.count / 2 + 6) { bytes[i] ^= 0xFF }
        let error = try #require(Self.verifyError(bytes))
        #expect(error.code == .corruptData || error.code == .truncated, "\(error.code) \(error.message)")
    }

    @Test func aCutTIFFIsTruncatedAndBrokenLZWIsCorrupt() throws {
        let bytes = FixtureFormats.tiff(width: 40, height: 24, pages: 2)
        let cut = try #require(Self.verifyError(Array(bytes.prefix(bytes.count - 300))))
        #expect(cut.code == .truncated, "\(cut.message)")
        var broken = bytes
        for i in 16..<60 { broken[i] ^= 0x5A }
        let corrupt = try #require(Self.verifyError(broken))
        #expect(corrupt.code == .corruptData && corrupt.message.contains("strip"), "\(corrupt.message)")
    }

    @Test func aCutBMPIsTruncated() throws {
        for (bits, rle) in [(24, false), (8, true)] {
            let bytes = FixtureFormats.bmp(width: 37, height: 21, bits: bits, rle: rle)
            let error = try #require(Self.verifyError(Array(bytes.dropLast(40))))
            #expect(error.code == .truncated, "\(bits) \(rle): \(error.message)")
        }
        let headerOnly = try #require(Self.verifyError(Array(FixtureFormats.bmp().prefix(30))))
        #expect(headerOnly.code == .truncated, "\(headerOnly.message)")
    }

    @Test func aCutWebPIsTruncated() throws {
        for bytes in [FixtureFormats.webp(), FixtureFormats.webp(lossless: true), FixtureFormats.webp(frames: 3)] {
            let error = try #require(Self.verifyError(Array(bytes.dropLast(30))))
            #expect(error.code == .truncated, "\(error.message)")
        }
    }

    @Test func aCutHEIFIsTruncated() throws {
        let bytes = FixtureFormats.heif()
        let error = try #require(Self.verifyError(Array(bytes.dropLast(100))))
        #expect(error.code == .truncated, "\(error.message)")
        let head = try #require(Self.verifyError(Array(bytes.prefix(300))))
        #expect(head.code == .truncated, "\(head.message)")
    }
}
