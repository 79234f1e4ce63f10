import ImageCodecs
import Testing

/// Inputs the fuzzer (Scripts/fuzz.sh) found, kept so that they stay handled: each must fail or pass cleanly
/// through probe, verify and, when verify accepts it, conversion. (The sanitizers of the fuzz build are what saw
/// each one; here they run as ordinary inputs, and `Scripts/fuzz.sh replay` runs them under the fuzz harness.)
@Suite struct FuzzRegressionTests {
    /// A HEIF with a grid whose tiles make libheif ask the reader for 0 bytes into a NULL buffer: memcpy(NULL, …, 0)
    /// in cic_reader_read_at (UndefinedBehaviorSanitizer, first fuzz run of the new formats). Fixed by returning
    /// before the copy when nothing is asked.
    static let heifZeroLengthRead: [UInt8] = hex([
        "0000001c6674797068656963000000006d696631686569636d696166000002fc6d657461000000000000002168646c720000000000000000",
        "70696374000000000000000000000000000000000e7069746d00000000000200000018696461740000000000100018000000000010001800",
        "000060696c6f63010000004440000400010000000000000320000100000000000000000c6a5020200d0a870a000001000000000000000800",
        "03000000000000038e0001000000000000003c00040001000000000000000100000008000000080000006269696e66000000000004000000",
        "15696e66650200000100010000687663300000000015696e66650200000000020000677269640000000015696e6665020000010003000068",
        "7663310000000015696e666502000000000400006772696400000001b169707270000001846970636f000000766876634301037000000000",
        "00000000001ef000fcfdf8f800001903200001001840010c01ffff03700000030090000003000003001eba0240210001002a420101037000",
        "00030090000003000003001ea020810596eaae9ae6e04040c0800000030080000003008422000100064401c173c189000000146973706500",
        "0000000000004000000040000000146973706500000000000000100000001800000010706978690000000003080808000000716876634301",
        "04080000000000000000001ef000fcfcf8f800000f03200001001740010c01ffff0408000003009ff800000300001eba0240210001002642",
        "01010408000003009ff800000300001ec08204165baaba6b9b02000003000200000300021022000100064401c173c1010000001469737065",
        "00000000000000400000004000000014697370650000000000000010000000180000000e7069786900000000010800000027617578430000",
        "000075726e3a6d7065673a686576633a323031353a61757869643a31000000002569706d6100000000000000040001028102000202038400",
        "030285060004030788890000003669726566000000000000000e64696d670002000100010000000e64696d670004000100030000000e6175",
        "786c000400010002000000b26d6461740000006a2801af1321b86088e532b4ff7353ec64f9f0d4ac61de607f481b8d64a14e994277aad030",
        "9a65534c3d144c33b6ee57bb65bf850289d872f3598ee90ffc52d47f40fdd20df87804b33d06ee6142aa843f3b6c58dcff66f4ccaa7de590",
        "0ffc0d3607fa40ab4d83c85c33c0000000382801ae2642d22480ef6613421e92753fee9ec13ab860bf2403e724c99a03307a766bbff22311",
        "4d4e24326ec1d0ad74cd87e39a40aa8fa0b6",
    ])

    /// A TIFF 13 pixels wide whose samples make one decoded strip 365 MB: verify allocated the strip before
    /// anything compared it with the memory limit (libFuzzer's malloc limit, second fuzz run). Now refused first.
    static let tiffHugeStrip: [UInt8] = hex([
        "49492a002c000000789cfbffff3fc37f1c9881014460625cea87aa1e063c10bb067c3a065e0f002bfe0c03000d0000010300010000000d00",
        "00000101030001000000092c00000201030004000000ce000000030103000100000008000000060103000100000002000000110104000100",
        "000008000000123f0300010000000300000095010300010000000400000016000300010000009d0000001701040001000000230000001c01",
        "030001000000010000005201030001000000020000007387070084000000d600000000000000084e00080000d32d00000000000000000000",
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    ])

    @Test func aTIFFWhoseDecodedStripIsOverTheMemoryLimit() throws {
        let bytes = Self.tiffHugeStrip
        let limits = CodecLimits(maxPixels: 4_000_000, maxDecoderMemory: 48 << 20)
        let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes, limits: limits).header }
        #expect(error != nil, "refused before its strip is allocated")
        if let error, error.code == .tooLarge { #expect(error.message.contains("memory limit"), "\(error.message)") }
    }

    static func hex(_ parts: [String]) -> [UInt8] {
        let text = Array(parts.joined().utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: text.count, by: 2).map { nibble(text[$0]) << 4 | nibble(text[$0 + 1]) }
    }

    @Test func aHEIFGridThatAsksForZeroBytes() throws {
        let bytes = Self.heifZeroLengthRead
        #expect(bytes.count == 970)
        _ = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        if let header = try? ImageVerifier.verify(bytes: bytes).header {
            _ = try? PictureConverter.convert(bytes, header: header, maxSide: 100)
        }
        let (path, _) = try TestSupport.file(bytes, named: "fuzz.heic")
        _ = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path).header }
    }
}
