import ImageCodecs
import ImageFixtures
import Testing

/// The camera case (a few stray bytes before EOI once every scan decoded) passes with a note; the same bytes
/// elsewhere, or many of them, still fail; ``VerifyPolicy/strict`` refuses any warning.
@Suite("Verify policy: stray bytes and strict mode")
struct VerifyPolicyTests {
    static let jpegs: [(String, [UInt8])] = [
        ("baseline", FixtureImage.jpeg(width: 320, height: 240)),
        ("progressive", FixtureImage.jpeg(width: 320, height: 240, progressive: true)),
        ("restart markers", FixtureImage.jpeg(width: 320, height: 240, restartInterval: 1)),
    ]

    @Test("a few stray bytes before EOI are a note, and a failure under the strict policy",
          arguments: [10, 14])
    func cameraStrayBytes(count: Int) throws {
        for (name, good) in Self.jpegs {
            // libjpeg-turbo takes the first few bytes after the last code into its bit buffer without a word
            // (measured: 1 for these baseline fixtures, 5 progressive, 6 with restart markers), so it reports
            // between `count - 6` and `count - 1` of them: all within the camera limit of 16.
            let stray = [UInt8](repeating: 0x00, count: count - 1) + [0x5A]
            let bytes = try #require(FixtureMutation.insertingBytes(stray, beforeMarker: 0xD9, in: good))
            let report = try ImageVerifier.verify(bytes: bytes)
            #expect(report.notes.count == 1, "\(name)")
            #expect(report.notes.first?.contains("extraneous bytes before marker 0xd9") == true, "\(name)")

            let strict = TestSupport.error { () throws(CodecError) in
                try ImageVerifier.verify(bytes: bytes, policy: .strict)
            }
            #expect(strict?.code == .warning, "\(name)")
            #expect(strict?.message.contains("extraneous") == true, "\(name)")
            #expect(strict?.storedWidth == 320, "\(name)")
        }
    }

    @Test("more stray bytes before EOI than a camera writes fail as corrupt data", arguments: [30, 400])
    func manyStrayBytes(count: Int) throws {
        for (name, good) in Self.jpegs {
            let bytes = try #require(FixtureMutation.insertingBytes(
                [UInt8](repeating: 0x12, count: count), beforeMarker: 0xD9, in: good))
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }
            #expect(error?.code == .corruptData, "\(name)")
            #expect(error?.message.contains("extraneous") == true, "\(name)")
        }
    }

    @Test("stray bytes between the scans of a progressive JPEG fail as corrupt data")
    func strayBytesBetweenScans() throws {
        let good = FixtureImage.jpeg(width: 320, height: 240, progressive: true)
        // The second scan's SOS (or a DHT before it) follows the first scan's data.
        let bytes = try #require(
            FixtureMutation.insertingBytes([0x01, 0x02], beforeMarker: 0xDA, in: good)
                ?? FixtureMutation.insertingBytes([0x01, 0x02], beforeMarker: 0xC4, in: good))
        let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes) }
        #expect(error?.code == .corruptData)
    }

    @Test("the policy does not change damage: truncation and corrupt data fail under both")
    func damageFailsUnderBoth() throws {
        let good = FixtureImage.jpeg(width: 320, height: 240)
        let truncated = FixtureMutation.truncated(good, fraction: 0.7)
        for policy in VerifyPolicy.allCases {
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: truncated, policy: policy) }
            #expect(error?.code == .truncated, "\(policy)")
        }
        var marker = good
        marker[good.count / 2] = 0xFF
        marker[good.count / 2 + 1] = 0xD3
        for policy in VerifyPolicy.allCases {
            let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: marker, policy: policy) }
            #expect(error?.code == .corruptData, "\(policy)")
        }
    }

    @Test("a PNG ancillary-chunk error is a note, and a failure under the strict policy")
    func pngAncillaryChunkError() throws {
        // tIME must hold 7 bytes; libpng reports a shorter one as a benign error and skips it.
        let bytes = FixtureMutation.insertingChunk("tIME", data: [0x07, 0xE9, 0x01], after: "IHDR",
                                                   in: FixtureImage.png(width: 40, height: 30))
        let report = try ImageVerifier.verify(bytes: bytes)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("tIME") == true)

        let strict = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: bytes, policy: .strict) }
        #expect(strict?.code == .warning)
        #expect(strict?.format == .png)
    }

    @Test("good files pass the strict policy", arguments: [false, true])
    func goodFilesPassStrict(progressive: Bool) throws {
        let jpeg = FixtureImage.jpeg(width: 320, height: 240, progressive: progressive)
        #expect(try ImageVerifier.verify(bytes: jpeg, policy: .strict).notes.isEmpty)
        let png = FixtureImage.png(width: 64, height: 64, color: .rgba, interlaced: progressive)
        #expect(try ImageVerifier.verify(bytes: png, policy: .strict).notes.isEmpty)
    }

    @Test("verify from a file applies the policy as verify from memory does")
    func fromFile() throws {
        let good = FixtureImage.jpeg(width: 320, height: 240)
        let bytes = try #require(FixtureMutation.insertingBytes([0x00, 0x00, 0x00], beforeMarker: 0xD9, in: good))
        let (path, _) = try TestSupport.file(bytes, named: "camera.jpg")
        #expect(try ImageVerifier.verify(fileAtPath: path).notes.count == 1)
        let error = TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path, policy: .strict) }
        #expect(error?.code == .warning)
    }
}
