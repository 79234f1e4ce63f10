/// A file format recognised from a file's content (its magic bytes), never from its name.
///
/// JPEG and PNG are decoded with libjpeg-turbo and libpng; GIF, TIFF, WebP and HEIF with giflib, libtiff,
/// libwebp and libheif, and BMP by a reader over its fixed headers (``isSupported``). SuperOffice's image upload
/// takes GIF, TIFF, PNG and JPEG (``isUploadable``); the others are converted first (``PictureConverter``).
/// The rest are recognised so that a file can be rejected by name ("unsupported format image/avif") instead of
/// as "not an image".
public struct ImageFormat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A short human name, such as `JPEG`.
    public let name: String
    /// The MIME type, such as `image/jpeg`; this is the `Content-Type` an upload uses.
    public let mimeType: String
    /// Whether this project decodes the format (probe and verify accept it).
    public let isSupported: Bool

    /// Whether SuperOffice's image upload takes the format as it is ("Bitmap (GIF, TIFF, PNG or JPG format)").
    public var isUploadable: Bool { self == .jpeg || self == .png || self == .gif || self == .tiff }
    /// Whether ``PictureConverter`` turns the format into a JPEG or PNG (GIF, TIFF, BMP, WebP, HEIF).
    public var isConvertible: Bool { self == .gif || self == .tiff || self == .bmp || self == .webp || self == .heic }

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
    /// GIF, decoded with giflib (every frame counted; the first one converted).
    public static let gif = ImageFormat(name: "GIF", mimeType: "image/gif", isSupported: true)
    /// WebP (lossy, lossless, alpha, animation), decoded with libwebp.
    public static let webp = ImageFormat(name: "WebP", mimeType: "image/webp", isSupported: true)
    /// TIFF and BigTIFF, decoded with libtiff (pages counted; the first one converted).
    public static let tiff = ImageFormat(name: "TIFF", mimeType: "image/tiff", isSupported: true)
    /// Windows bitmap, read over its fixed headers (uncompressed, bit fields and RLE).
    public static let bmp = ImageFormat(name: "BMP", mimeType: "image/bmp", isSupported: true)
    /// HEIF/HEIC (recognised by its `ftyp` brands), decoded with libheif: the primary image.
    public static let heic = ImageFormat(name: "HEIC", mimeType: "image/heic", isSupported: true)
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
