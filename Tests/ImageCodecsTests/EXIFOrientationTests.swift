import ImageCodecs
import ImageFixtures
import Testing

/// EXIF parsing: both byte orders, and malformed blocks that must fall back to 1 without harm.
@Suite("EXIF orientation")
struct EXIFOrientationTests {
    /// "Exif\0\0" + a TIFF header + IFD0 holding the given entries (tag, type, count, 4 value bytes).
    static func exif(bigEndian: Bool, ifdOffset: UInt32 = 8, count: UInt16? = nil,
                     entries: [(UInt16, UInt16, UInt32, [UInt8])]) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] {
            let b = [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
            return bigEndian ? b : b.reversed()
        }
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        tiff += u16(42) + u32(ifdOffset)
        tiff += u16(count ?? UInt16(entries.count))
        for (tag, type, n, value) in entries { tiff += u16(tag) + u16(type) + u32(n) + value }
        tiff += u32(0)
        return Array("Exif".utf8) + [0, 0] + tiff
    }

    static func probe(app1: [UInt8]) throws -> ImageHeader {
        try ImageProbe.probe(bytes: FixtureMutation.insertingSegment(marker: 0xE1, payload: app1, into: FixtureImage.jpeg(width: 40, height: 20)))
    }

    @Test("big-endian (Motorola) EXIF")
    func bigEndian() throws {
        let block = Self.exif(bigEndian: true, entries: [(0x0100, 4, 1, [0, 0, 0, 40]), (0x0112, 3, 1, [0, 5, 0, 0])])
        let header = try Self.probe(app1: block)
        #expect(header.orientation == 5)
        #expect(header.displayWidth == 20 && header.displayHeight == 40)
    }

    @Test("little-endian (Intel) EXIF")
    func littleEndian() throws {
        #expect(try Self.probe(app1: Self.exif(bigEndian: false, entries: [(0x0112, 3, 1, [3, 0, 0, 0])])).orientation == 3)
    }

    @Test("malformed EXIF blocks give orientation 1", arguments: [
        exif(bigEndian: false, entries: [(0x0112, 3, 1, [9, 0, 0, 0])]),             // out of range
        exif(bigEndian: false, entries: [(0x0112, 3, 1, [0, 0, 0, 0])]),             // zero
        exif(bigEndian: false, entries: [(0x0112, 2, 1, [6, 0, 0, 0])]),             // wrong type
        exif(bigEndian: false, ifdOffset: 0xFFFF_FFF0, entries: [(0x0112, 3, 1, [6, 0, 0, 0])]),  // IFD past the end
        exif(bigEndian: false, ifdOffset: 4, entries: [(0x0112, 3, 1, [6, 0, 0, 0])]),            // IFD inside header
        exif(bigEndian: true, count: 0xFFFF, entries: [(0x0100, 4, 1, [0, 0, 0, 40])]),           // count past the end
        Array("Exif".utf8) + [0, 0, 0x49, 0x49],                                                   // cut TIFF header
        Array("Exif".utf8) + [0, 0] + [UInt8](repeating: 0xFF, count: 64),                          // garbage
    ])
    func malformed(block: [UInt8]) throws {
        let header = try Self.probe(app1: block)
        #expect(header.orientation == 1)
        #expect(header.width == 40 && header.height == 20)
    }

    @Test("XMP in APP1 is not mistaken for EXIF")
    func xmp() throws {
        let xmp = Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta tiff:Orientation=\"6\"/>".utf8)
        #expect(try Self.probe(app1: xmp).orientation == 1)
    }
}
