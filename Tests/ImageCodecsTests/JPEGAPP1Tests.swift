import ImageCodecs
import ImageFixtures
import Testing

/// APP1 segments (EXIF, XMP) in a JPEG header: the first EXIF block gives the orientation, and
/// no number of other APP1 segments is held in memory (each is skipped as it is read).
@Suite("JPEG APP1 segments")
struct JPEGAPP1Tests {
    /// An APP1 segment (marker, length, payload), for building many segments at once; a single
    /// segment goes in with `FixtureMutation.insertingSegment(marker:payload:into:)`.
    static func app1(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// An EXIF APP1 payload: big-endian TIFF header and one IFD0 entry, the orientation.
    static func exif(orientation: UInt8) -> [UInt8] {
        EXIFOrientationTests.exif(bigEndian: true, entries: [(0x0112, 3, 1, [0, orientation, 0, 0])])
    }

    /// An XMP-like APP1 payload of `size` bytes.
    static func xmp(size: Int) -> [UInt8] {
        let head = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
        return head + [UInt8](repeating: UInt8(ascii: " "), count: max(0, size - head.count))
    }

    /// The JPEG with raw bytes inserted right after SOI: many segments at once (one copy of the
    /// file, not one per segment), or a segment too broken for `FixtureMutation.insertingSegment`.
    static func inserting(_ segments: [UInt8], into jpeg: [UInt8]) -> [UInt8] {
        Array(jpeg.prefix(2)) + segments + jpeg.dropFirst(2)
    }

    @Test("hundreds of large XMP segments before the EXIF block: the orientation is still read")
    func floodBeforeExif() throws {
        let jpeg = FixtureImage.jpeg(width: 40, height: 20, orientation: 6)
        let flood = (0..<300).flatMap { _ in Self.app1(Self.xmp(size: 60_000)) }  // 18 MB of header
        let bytes = Self.inserting(flood, into: jpeg)
        let header = try ImageProbe.probe(bytes: bytes)
        #expect(header.orientation == 6)
        #expect(header.displayWidth == 20 && header.displayHeight == 40)
        #expect(try ImageVerifier.verify(bytes: bytes).header == header)
        let (path, directory) = try TestSupport.file(bytes, named: "flood.jpg")
        defer { FixtureFile.removeTree(directory) }
        #expect(try ImageProbe.probe(fileAtPath: path) == header)
    }

    @Test("the first EXIF block wins over later ones")
    func firstExifWins() throws {
        let jpeg = FixtureImage.jpeg(width: 40, height: 20)
        let withLater = FixtureMutation.insertingSegment(marker: 0xE1, payload: Self.exif(orientation: 8), into: jpeg)
        // inserted last, so first in the file: SOI, EXIF 3, EXIF 8, the rest
        let bytes = FixtureMutation.insertingSegment(marker: 0xE1, payload: Self.exif(orientation: 3), into: withLater)
        #expect(try ImageProbe.probe(bytes: bytes).orientation == 3)
    }

    @Test("an APP1 segment too short to hold its own length is a header failure")
    func badLength() {
        let bytes = Self.inserting([0xFF, 0xE1, 0x00, 0x01], into: FixtureImage.jpeg())
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .invalidHeader)
    }

    @Test("a file that ends inside an EXIF block is truncated, with no read past the end",
          arguments: [10, 40, 100])
    func cutInsideExif(keep: Int) {
        let exif = Self.exif(orientation: 6) + [UInt8](repeating: 0, count: 200)
        let bytes = Array(FixtureMutation.insertingSegment(marker: 0xE1, payload: exif, into: FixtureImage.jpeg())
            .prefix(2 + 4 + keep))
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .truncated)
    }
}
