/// Limits checked before any large allocation or read, so no input can exhaust memory or time.
///
/// A value of zero or less switches that limit off.
public struct CodecLimits: Sendable, Hashable, Codable {
    /// Largest width × height accepted, checked from the header (default 250 megapixels, so
    /// 200-megapixel phone photos pass).
    public var maxPixels: Int
    /// Largest file accepted, checked before reading (default 1 GiB).
    public var maxFileBytes: Int
    /// Most memory libjpeg may use for whole-image buffers (progressive JPEG coefficients; default 1 GiB).
    public var maxDecoderMemory: Int
    /// Most scans a progressive JPEG may have (default 500; real encoders write about 10).
    public var maxProgressiveScans: Int
    /// Largest PNG ancillary chunk read (default 8 MB): one declaring more is skipped unread, with a note, and
    /// an ICC profile may inflate to at most this. Text chunks are never read, and any chunk that declares
    /// more than the rest of the file holds is refused as truncated, whatever this limit.
    public var maxChunkBytes: Int

    /// Creates limits; every parameter has the documented default.
    /// - Parameters:
    ///   - maxPixels: Width × height limit.
    ///   - maxFileBytes: File size limit in bytes.
    ///   - maxDecoderMemory: libjpeg memory limit in bytes.
    ///   - maxProgressiveScans: Progressive JPEG scan limit.
    ///   - maxChunkBytes: PNG chunk allocation limit in bytes.
    public init(
        maxPixels: Int = 250_000_000, maxFileBytes: Int = 1 << 30, maxDecoderMemory: Int = 1 << 30,
        maxProgressiveScans: Int = 500, maxChunkBytes: Int = 8_000_000
    ) {
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        self.maxDecoderMemory = maxDecoderMemory
        self.maxProgressiveScans = maxProgressiveScans
        self.maxChunkBytes = maxChunkBytes
    }
}
