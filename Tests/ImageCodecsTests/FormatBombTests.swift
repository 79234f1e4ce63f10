import ImageCodecs
import ImageFixtures
import Testing

/// Small files with huge claims in the new formats: refused from their headers, before any allocation for them.
@Suite struct FormatBombTests {
    @Test func aGIFScreenOf65535SquaredIsRefusedByThePixelLimit() throws {
        let bytes = FixtureFormats.gifScreenBomb
        let errors = [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header },
            TestSupport.error { () throws(CodecError) in try DecodeMemory.estimate(bytes: bytes).header },
        ]
        for error in errors {
            #expect(error?.code == .tooLarge && error?.message.contains("logical screen") == true, "\(String(describing: error))")
        }
    }

    @Test func aTIFFWhoseStripClaims4GBIsRefused() throws {
        let bytes = FixtureFormats.tiffStripBomb
        #expect(bytes.count == 256)
        let (path, _) = try TestSupport.file(bytes, named: "bomb.tif")
        let errors = [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path).header },
        ]
        for error in errors {
            #expect(error?.code == .tooLarge && error?.message.contains("claims 4294967280 bytes") == true,
                    "\(String(describing: error))")
        }
    }

    @Test func aTIFFWhoseStripRunsPastTheFileIsTruncated() throws {
        // the strip bomb with a byte count under the memory limit: past the end of the 256-byte file
        var bytes = FixtureFormats.tiffStripBomb
        let at = 10 + 8 * 12 + 8
        bytes.replaceSubrange(at..<at + 4, with: [0x40, 0x42, 0x0F, 0x00])  // 1,000,000
        let error = try #require(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes).header })
        #expect(error.code == .truncated && error.message.contains("past the end"), "\(error.message)")
    }

    @Test func aPictureOverThePixelLimitIsRefusedInEveryFormat() throws {
        let limits = CodecLimits(maxPixels: 1000)
        for bytes in [FixtureFormats.gif(), FixtureFormats.tiff(), FixtureFormats.bmp(), FixtureFormats.webp(),
                      FixtureFormats.heif()] {
            let error = try #require(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes, limits: limits) })
            #expect(error.code == .tooLarge, "\(error.message)")
        }
    }

    @Test func aBMPClaimingMoreRowsThanItHoldsIsRefusedBeforeReading() throws {
        var bytes = FixtureFormats.bmp(width: 16, height: 16)
        // height 16 -> 60000: 60000 rows of 48 bytes claimed, about 800 held
        bytes.replaceSubrange(22..<26, with: [0x60, 0xEA, 0x00, 0x00])
        let error = try #require(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) })
        #expect(error.code == .truncated && error.message.contains("needs"), "\(error.message)")
    }
}
