import ImageCodecs
import ImageFixtures
import Testing

/// `MetadataStripper`: EXIF (and its GPS pointer), XMP, IPTC and comments gone, pixels bit-identical, the
/// ICC profile and the orientation kept.
@Suite struct MetadataStripTests {
    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test(arguments: [false, true])
    func aCameraJPEGLosesItsMetadataAndKeepsEveryPixel(progressive: Bool) throws {
        let source = FixtureImage.jpeg(width: 96, height: 72, progressive: progressive, orientation: 6, gps: true,
                                       metadata: true, seed: 5)
        let before = try ImageProbe.probe(bytes: source)
        #expect(before.carriesGPS && before.orientation == 6)
        for marker in ["xmpmeta", "Photoshop 3.0", "site office", "ICC_PROFILE"] { #expect(Self.contains(source, marker)) }

        let stripped = try MetadataStripper.strip(source, format: .jpeg, orientation: before.orientation)
        let after = try ImageVerifier.verify(bytes: stripped).header
        #expect(!after.carriesGPS)
        #expect(after.orientation == 6, "the orientation stays, alone")
        #expect(after.width == 96 && after.height == 72 && after.isProgressive == progressive)
        for marker in ["xmpmeta", "Photoshop 3.0", "site office", "GPS"] { #expect(!Self.contains(stripped, marker), "\(marker)") }
        #expect(Self.contains(stripped, "ICC_PROFILE") && Self.contains(stripped, "profile-bytes"), "the ICC profile stays")
        let a = try #require(FixtureImage.decodedJPEG(source))
        let b = try #require(FixtureImage.decodedJPEG(stripped))
        #expect(a.width == b.width && a.height == b.height)
        #expect(a.samples == b.samples, "the pixels decode bit-identical")
    }

    @Test func anUprightJPEGKeepsNoEXIFAtAll() throws {
        let source = FixtureImage.jpeg(orientation: 1, gps: true, seed: 8)
        let stripped = try MetadataStripper.strip(source, format: .jpeg)
        #expect(!Self.contains(stripped, "Exif"))
        #expect(try ImageProbe.probe(bytes: stripped).orientation == 1)
        #expect(FixtureImage.decodedJPEG(source)?.samples == FixtureImage.decodedJPEG(stripped)?.samples)
    }

    @Test func aPNGLosesItsTextChunksAndKeepsItsImageData() throws {
        let source = FixtureImage.png(width: 40, height: 30, color: .rgba, textBytes: 300, seed: 3)
        #expect(Self.contains(source, "tEXt"))
        let stripped = try MetadataStripper.strip(source, format: .png)
        #expect(!Self.contains(stripped, "tEXt"))
        #expect(stripped.count < source.count)
        let header = try ImageVerifier.verify(bytes: stripped).header
        #expect(header.width == 40 && header.height == 30 && header.colorModel == .rgba)
        // the same chunks otherwise, byte for byte: the image data is untouched
        #expect(Self.contains(stripped, "IDAT") && Self.contains(stripped, "IEND"))
    }

    @Test func aTruncatedPNGIsRefusedNotCopied() {
        let source = FixtureImage.png(seed: 4)
        #expect(throws: CodecError.self) { try MetadataStripper.strip(Array(source.prefix(source.count - 20)), format: .png) }
    }
}

extension MetadataStripTests {
    /// Removing a JPEG's metadata reads every coefficient at once, even for a baseline file whose verify
    /// needs only a row of MCUs: the estimate says so, so an import's memory budget counts it.
    @Test func theStripEstimateCountsEveryCoefficient() throws {
        let (path, directory) = try TestSupport.file(FixtureImage.jpeg(width: 1600, height: 1200, quality: 60, seed: 9), named: "big.jpg")
        defer { FixtureFile.removeTree(directory) }
        let verify = try DecodeMemory.estimate(fileAtPath: path).bytes
        let strip = DecodeMemory.stripEstimate(fileAtPath: path)
        // 4:2:0: luma 200 × 150 blocks, each chroma 100 × 75, 128 bytes a block
        let coefficients = (200 * 150 + 2 * 100 * 75) * 128
        #expect(strip >= coefficients, "\(strip)")
        #expect(verify < coefficients / 4, "a baseline verify streams: \(verify)")
        #expect(DecodeMemory.stripEstimate(fileAtPath: directory + "/missing.jpg") == 0)
    }
}
