/// Files that are not JPEG or PNG: the magic bytes of other formats, and plain text.
///
/// Each is just long enough for content sniffing; none is a complete, valid file of its format.
public enum ForeignFixture: String, Sendable, CaseIterable {
    /// GIF89a.
    case gif
    /// RIFF/WEBP.
    case webp
    /// Little-endian TIFF.
    case tiff
    /// Windows bitmap with a 40-byte DIB header.
    case bmp
    /// HEIF (`ftyp` brand heic).
    case heic
    /// AVIF (`ftyp` brand avif).
    case avif
    /// PDF.
    case pdf
    /// SVG with an XML prolog.
    case svg
    /// Plain text.
    case text

    /// The MIME type a prober should name (`text/plain` for ``text``, which is "not an image").
    public var mimeType: String {
        switch self {
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .tiff: "image/tiff"
        case .bmp: "image/bmp"
        case .heic: "image/heic"
        case .avif: "image/avif"
        case .pdf: "application/pdf"
        case .svg: "image/svg+xml"
        case .text: "text/plain"
        }
    }

    /// The fixture's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .gif: Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0] + [UInt8](repeating: 0, count: 32)
        case .webp: Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 32)
        case .tiff: [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0] + [UInt8](repeating: 0, count: 32)
        case .bmp: Array("BM".utf8) + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0] + [UInt8](repeating: 0, count: 40)
        case .heic: [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8) + [UInt8](repeating: 0, count: 16)
        case .avif: [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miaf".utf8) + [UInt8](repeating: 0, count: 16)
        case .pdf: Array("%PDF-1.4\n%\u{e2}\u{e3}\u{cf}\u{d3}\n1 0 obj\n<< >>\nendobj\n".utf8)
        case .svg: Array("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n".utf8)
        case .text: Array("Hello, this is a plain text file that someone named photo.jpg.\n".utf8)
        }
    }
}
