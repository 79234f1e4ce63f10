/// A file format recognised from a file's content (its magic bytes), never from its name.
///
/// Only ``jpeg`` and ``png`` are decoded; the others are recognised so that a file can be
/// rejected by name ("unsupported format image/webp") instead of as "not an image".
public struct ImageFormat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A short human name, such as `JPEG`.
    public let name: String
    /// The MIME type, such as `image/jpeg`; this is the `Content-Type` an upload uses.
    public let mimeType: String
    /// Whether this project decodes the format (JPEG and PNG).
    public let isSupported: Bool

    /// Creates a format value. Prefer the static members.
    /// - Parameters:
    ///   - name: A short human name.
    ///   - mimeType: The MIME type.
    ///   - isSupported: Whether probe and verify accept it.
    public init(name: String, mimeType: String, isSupported: Bool) {
        self.name = name
        self.mimeType = mimeType
        self.isSupported = isSupported
    }

    /// JPEG (JFIF/EXIF), decoded with libjpeg-turbo.
    public static let jpeg = ImageFormat(name: "JPEG", mimeType: "image/jpeg", isSupported: true)
    /// PNG, decoded with libpng.
    public static let png = ImageFormat(name: "PNG", mimeType: "image/png", isSupported: true)
    /// GIF (recognised, not supported).
    public static let gif = ImageFormat(name: "GIF", mimeType: "image/gif", isSupported: false)
    /// WebP (recognised, not supported).
    public static let webp = ImageFormat(name: "WebP", mimeType: "image/webp", isSupported: false)
    /// TIFF and BigTIFF (recognised, not supported).
    public static let tiff = ImageFormat(name: "TIFF", mimeType: "image/tiff", isSupported: false)
    /// Windows bitmap (recognised, not supported).
    public static let bmp = ImageFormat(name: "BMP", mimeType: "image/bmp", isSupported: false)
    /// HEIF/HEIC (recognised by its `ftyp` brands, not supported).
    public static let heic = ImageFormat(name: "HEIC", mimeType: "image/heic", isSupported: false)
    /// AVIF (recognised by its `ftyp` brands, not supported).
    public static let avif = ImageFormat(name: "AVIF", mimeType: "image/avif", isSupported: false)
    /// PDF (recognised, not supported).
    public static let pdf = ImageFormat(name: "PDF", mimeType: "application/pdf", isSupported: false)
    /// SVG (recognised, not supported).
    public static let svg = ImageFormat(name: "SVG", mimeType: "image/svg+xml", isSupported: false)
    /// JPEG XL (recognised, not supported).
    public static let jxl = ImageFormat(name: "JPEG XL", mimeType: "image/jxl", isSupported: false)
    /// JPEG 2000 (recognised, not supported).
    public static let jp2 = ImageFormat(name: "JPEG 2000", mimeType: "image/jp2", isSupported: false)
    /// Photoshop document (recognised, not supported).
    public static let psd = ImageFormat(name: "PSD", mimeType: "image/vnd.adobe.photoshop", isSupported: false)

    /// Every format this module recognises.
    public static let all: [ImageFormat] = [.jpeg, .png, .gif, .webp, .tiff, .bmp, .heic, .avif, .pdf, .svg, .jxl, .jp2, .psd]

    /// The format's name.
    public var description: String { name }
}
