/// What a header-only probe learns about an image.
public struct ImageHeader: Hashable, Sendable, Codable {
    /// The format, from the file's content.
    public var format: ImageFormat
    /// The stored width in pixels (before any EXIF rotation).
    public var width: Int
    /// The stored height in pixels (before any EXIF rotation).
    public var height: Int
    /// Bits per sample (JPEG precision; PNG bit depth 1, 2, 4, 8 or 16).
    public var bitDepth: Int
    /// Channels per pixel as stored (a palette PNG has 1).
    public var components: Int
    /// The stored colour model.
    public var colorModel: ColorModel
    /// Whether a JPEG is progressive.
    public var isProgressive: Bool
    /// Whether a PNG is Adam7-interlaced.
    public var isInterlaced: Bool
    /// EXIF orientation 1...8 (1 when absent).
    public var orientation: Int
    /// Whether the file's EXIF data points at GPS information (a JPEG's IFD0 GPS pointer): location data a
    /// shared CRM should not get. `IngestOptions.stripMetadata` removes it.
    public var carriesGPS: Bool
    /// Frames (GIF, animated WebP), pages (TIFF) or top-level images (HEIF; a sequence's frames) in the file;
    /// 1 for a still picture. A conversion keeps the first (GIF uploads keep them all).
    public var frameCount: Int = 1
    /// Whether the picture can be transparent: an alpha channel, a GIF transparent colour, a BMP alpha mask.
    public var hasAlpha: Bool = false
    /// Whether the file is an animation (a GIF or WebP of several frames, a HEIF image sequence).
    public var isAnimated: Bool = false

    /// Creates a header value.
    /// - Parameters:
    ///   - format: The format.
    ///   - width: Stored width.
    ///   - height: Stored height.
    ///   - bitDepth: Bits per sample.
    ///   - components: Channels per pixel.
    ///   - colorModel: Colour model.
    ///   - isProgressive: Progressive JPEG.
    ///   - isInterlaced: Interlaced PNG.
    ///   - orientation: EXIF orientation; values outside 1...8 are stored as 1.
    ///   - carriesGPS: Whether the EXIF data points at GPS information.
    public init(
        format: ImageFormat, width: Int, height: Int, bitDepth: Int = 8, components: Int = 3,
        colorModel: ColorModel = .rgb, isProgressive: Bool = false, isInterlaced: Bool = false,
        orientation: Int = 1, carriesGPS: Bool = false
    ) {
        self.carriesGPS = carriesGPS
        self.format = format
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.components = components
        self.colorModel = colorModel
        self.isProgressive = isProgressive
        self.isInterlaced = isInterlaced
        self.orientation = (1...8).contains(orientation) ? orientation : 1
    }

    /// Whether the orientation turns the image by 90° (EXIF 5...8), swapping width and height on display.
    public var swapsDimensions: Bool { (5...8).contains(orientation) }
    /// The width a viewer that honours the EXIF orientation shows.
    public var displayWidth: Int { swapsDimensions ? height : width }
    /// The height a viewer that honours the EXIF orientation shows.
    public var displayHeight: Int { swapsDimensions ? width : height }
    /// Width × height.
    public var pixelCount: Int { width * height }
}
