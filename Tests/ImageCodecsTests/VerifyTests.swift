import ImageCodecs
import ImageFixtures
import Testing

@Suite("Verify (full decode)")
struct VerifyTests {
    static let jpegs: [(String, [UInt8])] = [
        ("baseline", FixtureImage.jpeg(width: 320, height: 240)),
        ("progressive", FixtureImage.jpeg(width: 320, height: 240, progressive: true)),
        ("grayscale", FixtureImage.jpeg(width: 200, height: 150, color: .gray)),
        ("cmyk", FixtureImage.jpeg(width: 200, height: 150, color: .cmyk)),
        ("restart markers", FixtureImage.jpeg(width: 320, height: 240, restartInterval: 1)),
    ]
    static let pngs: [(String, [UInt8])] = [
        ("rgb", FixtureImage.png(width: 200, height: 120)),
        ("adam7", FixtureImage.png(width: 200, height: 120, color: .rgba, interlaced: true)),
        ("16-bit", FixtureImage.png(width: 120, height: 90, color: .rgb, bitDepth: 16)),
        ("palette", FixtureImage.png(width: 120, height: 90, color: .palette, bitDepth: 8)),
    ]

    @Test("good JPEGs decode with no notes", arguments: jpegs.map(\.0))
    func goodJPEG(name: String) throws {
        let bytes = try #require(Self.jpegs.first { $0.0 == name }?.1)
        let report = try ImageVerifier.verify(bytes: bytes)
        #expect(report.notes.isEmpty)
        #expect(report.header == (try ImageProbe.probe(bytes: bytes)))
    }

    @Test("good PNGs decode with no notes", arguments: pngs.map(\.0))
    func goodPNG(name: String) throws {
        let bytes = try #require(Self.pngs.first { $0.0 == name }?.1)
        let report = try ImageVerifier.verify(bytes: bytes)
        #expect(report.notes.isEmpty)
    }

    @Test("JPEGs truncated anywhere in the scan data fail verify but pass probe",
          arguments: [0.3, 0.5, 0.7, 0.9, 0.99])
    func truncatedJPEG(fraction: Double) throws {
        for (name, good) in Self.jpegs {
            let cut = FixtureMutation.truncated(good, fraction: fraction)
            guard cut.count > (FixtureMutation.jpegScanDataOffset(good) ?? 0) else { continue }
            #expect(throws: Never.self, "\(name) header is intact") { _ = try ImageProbe.probe(bytes: cut) }
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: cut) }
            #expect(error?.code == .truncated, "\(name) cut at \(fraction)")
        }
    }

    @Test("a JPEG without its EOI marker fails verify")
    func missingEOI() {
        let good = FixtureImage.jpeg(width: 64, height: 64)
        let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: Array(good.dropLast(2))) }
        #expect(error?.code == .truncated)
    }

    @Test("PNGs truncated anywhere after IHDR fail verify", arguments: [0.1, 0.4, 0.6, 0.8, 0.95])
    func truncatedPNG(fraction: Double) {
        for (name, good) in Self.pngs {
            let cut = FixtureMutation.truncated(good, fraction: fraction)
            guard cut.count > 33 else { continue }
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: cut) }
            #expect(error?.code == .truncated, "\(name) cut at \(fraction)")
        }
    }

    @Test("a PNG without IEND fails verify")
    func missingIEND() {
        let bytes = FixtureMutation.removingChunks("IEND", from: FixtureImage.png())
        #expect(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }?.code == .truncated)
    }

    @Test("a PNG without IDAT fails verify")
    func missingIDAT() throws {
        let bytes = FixtureMutation.removingChunks("IDAT", from: FixtureImage.png())
        _ = try ImageProbe.probe(bytes: bytes)
        #expect(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) } != nil)
    }

    @Test("a flipped IDAT CRC fails verify as corrupt data")
    func idatCRC() {
        for (name, good) in Self.pngs {
            let bytes = FixtureMutation.flippingCRC(of: "IDAT", in: good)
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }
            #expect(error?.code == .corruptData, "\(name)")
            #expect(error?.message.contains("CRC") == true)
        }
    }

    @Test("a flipped CRC in an ancillary chunk fails verify too")
    func ancillaryCRC() {
        let bytes = FixtureMutation.flippingCRC(of: "tEXt", in: FixtureImage.png(textBytes: 100))
        #expect(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }?.code == .corruptData)
    }

    @Test("64 XOR-ed bytes in the middle of the scan data fail verify")
    func scrambledJPEG() {
        for (name, good) in Self.jpegs {
            let middle = good.count / 2
            let bytes = FixtureMutation.xoring(good, range: middle..<(middle + 64))
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }
            #expect(error?.code == .corruptData, "\(name)")
        }
    }

    @Test("a marker inserted in the scan data fails verify")
    func markerInData() {
        let good = FixtureImage.jpeg(width: 320, height: 240)
        var bytes = good
        bytes[good.count / 2] = 0xFF
        bytes[good.count / 2 + 1] = 0xD3
        #expect(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }?.code == .corruptData)
    }

    @Test("extraneous bytes between header segments are a note, not a failure")
    func extraneousHeaderBytes() throws {
        let good = FixtureImage.jpeg(width: 64, height: 48)
        // Insert garbage after the first header segment (APP0), before the next marker.
        let end = 4 + (Int(good[4]) << 8 | Int(good[5]))
        let bytes = Array(good.prefix(end)) + [0x00, 0x11, 0x22] + good.dropFirst(end)
        let report = try ImageVerifier.verify(bytes: bytes)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("extraneous") == true)
    }

    @Test("a progressive scan cap rejects files with too many scans")
    func scanCap() {
        let bytes = FixtureImage.jpeg(width: 64, height: 48, progressive: true)
        let error = TestSupport.error { () throws(CodecError) in
            try ImageVerifier.verify(bytes: bytes, limits: CodecLimits(maxProgressiveScans: 2))
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("scans") == true)
    }

    @Test("a decoder memory limit rejects a progressive JPEG that needs more")
    func memoryLimit() {
        let bytes = FixtureImage.jpeg(width: 1024, height: 1024, progressive: true)
        let error = TestSupport.error { () throws(CodecError) in
            try ImageVerifier.verify(bytes: bytes, limits: CodecLimits(maxDecoderMemory: 1 << 20))
        }
        #expect(error?.code == .tooLarge)
    }

    @Test("verify from a file equals verify from memory")
    func fromFile() throws {
        for (name, bytes) in Self.jpegs + Self.pngs {
            let (path, directory) = try TestSupport.file(bytes, named: "f.bin")
            defer { FixtureFile.removeTree(directory) }
            #expect(try ImageVerifier.verify(fileAtPath: path) == (try ImageVerifier.verify(bytes: bytes)), "\(name)")
            let cut = FixtureMutation.truncated(bytes, fraction: 0.7)
            try FixtureFile.write(cut, to: path)
            #expect(TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path) }?.code == .truncated)
        }
    }
}
