/// The colour model of the stored image, as its header declares it.
public enum ColorModel: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// One gray channel.
    case gray
    /// Gray plus alpha (PNG colour type 4).
    case grayAlpha
    /// Red, green, blue.
    case rgb
    /// Red, green, blue, alpha (PNG colour type 6).
    case rgba
    /// Indexed colour (PNG colour type 3).
    case palette
    /// JPEG luma/chroma (the usual JPEG).
    case ycbcr
    /// JPEG CMYK (often from print workflows).
    case cmyk
    /// JPEG YCCK (CMYK stored as luma/chroma plus black).
    case ycck
    /// Anything else a header may declare.
    case unknown

    /// The raw value, e.g. `ycbcr`.
    public var description: String { rawValue }
}
