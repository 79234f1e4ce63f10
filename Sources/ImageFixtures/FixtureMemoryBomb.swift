/// Small files with huge claims (issue #14): PNGs whose chunks declare or inflate to far more than
/// the file holds, for tests that no decode allocates more than its input can justify.
public enum FixtureMemoryBomb {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG chunk whose length field says `declared` bytes, whatever data follows (its CRC is of the data).
    /// - Parameters:
    ///   - type: Four ASCII letters.
    ///   - data: The bytes that follow the type.
    ///   - declared: The length written.
    /// - Returns: The chunk's bytes.
    public static func chunk(_ type: String, _ data: [UInt8], declaring declared: UInt32) -> [UInt8] {
        var bytes = FixtureImage.chunk(type, data)
        bytes.replaceSubrange(0..<4, with: FixtureImage.bigEndian(declared))
        return FixtureExport.keep(bytes)
    }

    /// An IHDR chunk.
    static func ihdr(width: UInt32, height: UInt32, colorType: UInt8) -> [UInt8] {
        FixtureImage.chunk("IHDR", FixtureImage.bigEndian(width) + FixtureImage.bigEndian(height) + [8, colorType, 0, 0, 0])
    }

    /// The start of a 4×4 gray PNG up to IHDR, for a test to add chunks to.
    public static let grayHead: [UInt8] = signature + ihdr(width: 4, height: 4, colorType: 0)

    /// A valid 4×4 gray PNG with `chunks` between IHDR and IDAT.
    /// - Parameter chunks: Whole chunks (see ``chunk(_:_:declaring:)`` and `FixtureImage.chunk`).
    /// - Returns: The file's bytes.
    public static func gray(with chunks: [UInt8]) -> [UInt8] {
        FixtureExport.keep(grayHead + chunks + FixtureImage.chunk("IDAT", FixtureImage.zlib([UInt8](repeating: 0, count: 20)))
            + FixtureImage.chunk("IEND", []))
    }

    /// The 156-byte file of issue #14: a 16×16 palette PNG whose tEXt chunk (after PLTE) declares 754,974,768
    /// bytes. libpng 1.6 allocated and zeroed all of it (744 MB peak RSS) before finding the file short.
    public static let tinyPNGWithHugeText: [UInt8] = {
        let text = chunk("tEXt", Array("Comment\0".utf8) + [UInt8](repeating: 0x41, count: 200), declaring: 754_974_768)
        let bytes = signature + ihdr(width: 16, height: 16, colorType: 3) + FixtureImage.chunk("PLTE", Array(0..<12)) + text
        return FixtureExport.keep(Array(bytes.prefix(156)))
    }()

    /// A compressed text bomb: `count` zTXt chunks, each inflating to `inflated` bytes of zeros (a few KB
    /// each on disk). libpng keeps every text chunk it reads, inflated.
    /// - Parameters:
    ///   - count: How many zTXt chunks.
    ///   - inflated: Bytes each one inflates to.
    /// - Returns: The file's bytes.
    public static func zTXtBomb(count: Int, inflated: Int) -> [UInt8] {
        let one = FixtureImage.chunk("zTXt", Array("Comment\0\0".utf8) + FixtureImage.zlib([UInt8](repeating: 0, count: inflated)))
        return gray(with: Array([[UInt8]](repeating: one, count: count).joined()))
    }

    /// An ICC bomb: an iCCP chunk whose profile says it is `inflated` bytes long and inflates to that.
    /// - Parameter inflated: The profile's size.
    /// - Returns: The file's bytes.
    public static func iccBomb(inflated: Int) -> [UInt8] {
        var profile = [UInt8](repeating: 0, count: inflated)
        profile.replaceSubrange(0..<4, with: FixtureImage.bigEndian(UInt32(inflated)))
        return gray(with: FixtureImage.chunk("iCCP", Array("icc\0\0".utf8) + FixtureImage.zlib(profile)))
    }
}
