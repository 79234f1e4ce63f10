import ImageCodecs
import ImageFixtures
import Testing

@Suite("Pack")
struct PackTests {
    @Test("never keeps the original bytes")
    func never() throws {
        let bytes = FixtureImage.png(width: 64, height: 64)
        let packed = try ImagePacker.pack(bytes, policy: .never)
        #expect(packed.payload == bytes)
        #expect(packed.isZipped == false)
        #expect(packed.originalSize == bytes.count && packed.blobSize == bytes.count)
    }

    @Test("always writes a zlib stream that inflates back to the original", arguments: [0, 1, 6, 9])
    func always(level: Int) throws {
        let bytes = FixtureImage.png(width: 200, height: 100, color: .rgb)
        let packed = try ImagePacker.pack(bytes, policy: .always(level: level))
        #expect(packed.isZipped)
        #expect(packed.originalSize == bytes.count)
        #expect(packed.blobSize == packed.payload.count)
        #expect(packed.payload.first == 0x78)  // RFC 1950 header: deflate, 32K window
        #expect((Int(packed.payload[0]) << 8 | Int(packed.payload[1])) % 31 == 0)
        #expect(try ImagePacker.inflate(packed.payload) == bytes)
    }

    @Test("auto keeps the compressed form only when it saves enough")
    func auto() throws {
        let compressible = [UInt8](repeating: 7, count: 10_000) + FixtureImage.jpeg()
        let packed = try ImagePacker.pack(compressible, policy: .automatic)
        #expect(packed.isZipped)
        #expect(try ImagePacker.inflate(packed.payload) == compressible)

        let jpeg = FixtureImage.jpeg(width: 256, height: 256, quality: 95)  // entropy-coded: zlib saves ~nothing
        let kept = try ImagePacker.pack(jpeg, policy: .automatic)
        #expect(kept.isZipped == false)
        #expect(kept.payload == jpeg && kept.blobSize == jpeg.count)

        let everything = try ImagePacker.pack(compressible, policy: .auto(level: 6, minimumSaving: 0.999))
        #expect(everything.isZipped == false)
    }

    @Test("SHA-256 of the original bytes, whatever the policy")
    func sha256() throws {
        let abc = Array("abc".utf8)
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(ImagePacker.sha256Hex(abc) == expected)
        #expect(try ImagePacker.pack(abc, policy: .always(level: 9)).sha256 == expected)
        #expect(ImagePacker.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("bad levels, bad streams and inflate limits are compression errors")
    func errors() {
        #expect(TestSupport.error { () throws(CodecError) in try ImagePacker.pack([1, 2, 3], policy: .always(level: 10)) }?.code == .compression)
        #expect(TestSupport.error { () throws(CodecError) in try ImagePacker.inflate([1, 2, 3, 4]) }?.code == .compression)
        let zipped = try? ImagePacker.deflate([UInt8](repeating: 0, count: 100_000), level: 6)
        #expect(TestSupport.error { () throws(CodecError) in try ImagePacker.inflate(zipped ?? [], maxSize: 1000) }?.code == .compression)
        let truncated = Array((zipped ?? []).dropLast(3))
        #expect(TestSupport.error { () throws(CodecError) in try ImagePacker.inflate(truncated) }?.code == .compression)
    }

    @Test("empty input round-trips")
    func empty() throws {
        let packed = try ImagePacker.pack([], policy: .always(level: 6))
        #expect(packed.originalSize == 0)
        #expect(try ImagePacker.inflate(packed.payload) == [])
    }

    @Test("policies parse from text", arguments: [
        ("never", ZipPolicy.never), ("always", .always(level: 6)), ("always:9", .always(level: 9)),
        ("auto", .automatic), ("auto:3", .auto(level: 3, minimumSaving: 0.05)),
        ("auto:6:10%", .auto(level: 6, minimumSaving: 0.1)), ("auto:6:0.2", .auto(level: 6, minimumSaving: 0.2)),
    ])
    func parsing(text: String, policy: ZipPolicy) {
        #expect(ZipPolicy(parsing: text) == policy)
        #expect(ZipPolicy(parsing: policy.description) == policy)
    }

    @Test("bad policy text is refused", arguments: ["", "sometimes", "always:10", "auto:6:200%", "never:1"])
    func badParsing(text: String) {
        #expect(ZipPolicy(parsing: text) == nil)
    }
}
