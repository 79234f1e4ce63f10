import ImageCodecs
import ImageFixtures
import Testing

/// Tiny PNGs with huge claims: no chunk may make libpng allocate more than the input can justify.
/// Every case is refused or noted from the declared lengths, from memory and from a file alike.
/// (That the answers also hold under a small address-space limit is checked on the CLI, in
/// ProbeMemoryTests.)
@Suite("PNG chunk lengths and memory")
struct PNGChunkMemoryTests {
    /// Verify from memory and from a file (the two readers).
    static func verifyBoth(_ bytes: [UInt8], limits: CodecLimits = .init()) throws -> [Result<VerifyReport, CodecError>] {
        let (path, directory) = try TestSupport.file(bytes, named: "case.png")
        defer { FixtureFile.removeTree(directory) }
        return [
            Result { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes, limits: limits) },
            Result { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path, limits: limits) },
        ]
    }

    @Test("a 156-byte PNG whose tEXt declares 755 MB is truncated, refused by the declared length")
    func tinyFileHugeText() throws {
        let bytes = FixtureMemoryBomb.tinyPNGWithHugeText
        #expect(bytes.count == 156)
        for result in try Self.verifyBoth(bytes) {
            guard case .failure(let error) = result else {
                Issue.record("verify passed")
                continue
            }
            #expect(error.code == .truncated)
            // refused from the length field, before libpng reads (or allocates) the chunk
            #expect(error.message.contains("tEXt chunk declares 754974768 bytes"), "\(error.message)")
        }
        // the probe reads only IHDR: the header itself is fine
        #expect(try ImageProbe.probe(bytes: bytes).width == 16)
    }

    @Test("a chunk that runs past the end of the file is truncated, whatever its type",
          arguments: ["tEXt", "iCCP", "zTXt", "abCd", "IDAT", "PLTE"])
    func chunkPastEnd(type: String) throws {
        let bytes = FixtureMemoryBomb.grayHead
            + FixtureMemoryBomb.chunk(type, [UInt8](repeating: 1, count: 40), declaring: 1_000_000)
        for result in try Self.verifyBoth(bytes) {
            guard case .failure(let error) = result else {
                Issue.record("verify passed")
                continue
            }
            #expect(error.code == .truncated)
            #expect(error.message.contains("\(type) chunk declares 1000000 bytes"), "\(error.message)")
        }
    }

    @Test("a compressed text bomb passes without being inflated: 40 zTXt chunks of 7 MB each")
    func zTXtBomb() throws {
        let bytes = FixtureMemoryBomb.zTXtBomb(count: 40, inflated: 7 << 20)
        #expect(bytes.count < 400_000)
        for result in try Self.verifyBoth(bytes) {
            #expect(try result.get().header.width == 4)
        }
    }

    @Test("an ICC profile that inflates past the chunk limit is refused with a note; the image passes")
    func iccBomb() throws {
        for result in try Self.verifyBoth(FixtureMemoryBomb.iccBomb(inflated: 16 << 20)) {
            let report = try result.get()
            #expect(report.notes.contains { $0.contains("iCCP") && $0.contains("exceeds application limits") }, "\(report.notes)")
        }
    }

    @Test("an ancillary chunk over the chunk limit is skipped by its declared length, with a note",
          arguments: ["eXIf", "abCd"])
    func ancillaryOverLimit(type: String) throws {
        let bytes = FixtureMemoryBomb.gray(with: FixtureImage.chunk(type, Array("MM\0*".utf8) + [UInt8](repeating: 0, count: 20_000)))
        var limits = CodecLimits()
        limits.maxChunkBytes = 10_000
        for result in try Self.verifyBoth(bytes, limits: limits) {
            let report = try result.get()
            #expect(report.notes.contains { $0.hasPrefix("\(type): a chunk of 20004 bytes is over the limit of 10000 bytes") },
                    "\(report.notes)")
        }
        // within the limit the same chunk is read as before, with no note of ours
        for result in try Self.verifyBoth(bytes) {
            #expect(try result.get().notes.allSatisfy { !$0.contains("over the limit") })
        }
    }

    @Test("a damaged text chunk, skipped unread, still fails verify by its CRC")
    func skippedChunkCRC() throws {
        let good = FixtureMemoryBomb.gray(with: FixtureImage.chunk("zTXt", Array("a\0\0".utf8) + FixtureImage.zlib([1, 2, 3])))
        for result in try Self.verifyBoth(FixtureMutation.flippingCRC(of: "zTXt", in: good)) {
            guard case .failure(let error) = result else {
                Issue.record("verify passed")
                continue
            }
            #expect(error.code == .corruptData)
        }
    }
}
