/// Ways to break a fixture: truncation, flipped CRCs, patched headers, scrambled data.
public enum FixtureMutation {
    /// The first `count` bytes (all of them when `count` is larger).
    /// - Parameters:
    ///   - bytes: A file.
    ///   - count: Bytes to keep.
    /// - Returns: The truncated file.
    public static func truncated(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        FixtureExport.keep(Array(bytes.prefix(max(0, count))))
    }

    /// The file cut at a share of its length (0.5 keeps the first half).
    /// - Parameters:
    ///   - bytes: A file.
    ///   - fraction: Share to keep, 0...1.
    /// - Returns: The truncated file.
    public static func truncated(_ bytes: [UInt8], fraction: Double) -> [UInt8] {
        truncated(bytes, to: Int(Double(bytes.count) * fraction))
    }

    /// Bytes in a range XOR-ed with a value (what a damaged disk or transfer does mid-file).
    /// - Parameters:
    ///   - bytes: A file.
    ///   - range: The byte range to damage (clamped to the file).
    ///   - value: The XOR mask.
    /// - Returns: The damaged file.
    public static func xoring(_ bytes: [UInt8], range: Range<Int>, with value: UInt8 = 0xA5) -> [UInt8] {
        var copy = bytes
        for index in range.clamped(to: 0..<copy.count) { copy[index] ^= value }
        return FixtureExport.keep(copy)
    }

    /// The PNG's chunks as (offset, type, data length), walking from the signature.
    /// - Parameter png: A PNG file.
    /// - Returns: The chunks found before the data ends.
    public static func pngChunks(_ png: [UInt8]) -> [(offset: Int, type: String, length: Int)] {
        var chunks: [(offset: Int, type: String, length: Int)] = []
        var at = 8
        while at + 12 <= png.count {
            let length = Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3])
            let type = String(decoding: png[(at + 4)..<(at + 8)], as: UTF8.self)
            chunks.append((at, type, length))
            at += 12 + length
        }
        return chunks
    }

    /// The PNG with one bit of the CRC of the first chunk of a type flipped.
    /// - Parameters:
    ///   - type: A chunk type such as `IDAT` or `IHDR`.
    ///   - png: A PNG file.
    /// - Returns: The damaged file.
    public static func flippingCRC(of type: String, in png: [UInt8]) -> [UInt8] {
        guard let chunk = pngChunks(png).first(where: { $0.type == type }) else {
            preconditionFailure("no \(type) chunk")
        }
        var copy = png
        copy[chunk.offset + 8 + chunk.length] ^= 0x01
        return FixtureExport.keep(copy)
    }

    /// The PNG without any chunk of a type (e.g. `IEND` or `IDAT`).
    /// - Parameters:
    ///   - type: The chunk type to drop.
    ///   - png: A PNG file.
    /// - Returns: The file without those chunks.
    public static func removingChunks(_ type: String, from png: [UInt8]) -> [UInt8] {
        var copy = Array(png.prefix(8))
        for chunk in pngChunks(png) where chunk.type != type {
            copy += png[chunk.offset..<(chunk.offset + 12 + chunk.length)]
        }
        return FixtureExport.keep(copy)
    }

    /// Offset of the JPEG frame header's precision byte (after an SOFn marker and its length).
    /// - Parameter jpeg: A JPEG file.
    /// - Returns: The offset, or `nil` when no SOF is found before the scan data.
    public static func jpegFrameHeaderOffset(_ jpeg: [UInt8]) -> Int? {
        var at = 2
        while at + 4 <= jpeg.count, jpeg[at] == 0xFF {
            let marker = jpeg[at + 1]
            let length = Int(jpeg[at + 2]) << 8 | Int(jpeg[at + 3])
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC { return at + 4 }
            if marker == 0xDA { return nil }
            at += 2 + length
        }
        return nil
    }

    /// The JPEG with its frame header claiming another size (the data is left as it is).
    /// - Parameters:
    ///   - width: Claimed width, 0...65535.
    ///   - height: Claimed height, 0...65535.
    ///   - jpeg: A JPEG file.
    /// - Returns: The patched file.
    public static func jpegClaiming(width: Int, height: Int, _ jpeg: [UInt8]) -> [UInt8] {
        guard let sof = jpegFrameHeaderOffset(jpeg) else { preconditionFailure("no JPEG frame header") }
        var copy = jpeg
        copy[sof + 1] = UInt8(height >> 8)
        copy[sof + 2] = UInt8(height & 0xFF)
        copy[sof + 3] = UInt8(width >> 8)
        copy[sof + 4] = UInt8(width & 0xFF)
        return FixtureExport.keep(copy)
    }

    /// The JPEG with its frame header declaring another sample precision (e.g. 12 bits).
    /// - Parameters:
    ///   - bits: The declared precision.
    ///   - jpeg: A JPEG file.
    /// - Returns: The patched file.
    public static func jpegPrecision(_ bits: UInt8, _ jpeg: [UInt8]) -> [UInt8] {
        guard let sof = jpegFrameHeaderOffset(jpeg) else { preconditionFailure("no JPEG frame header") }
        var copy = jpeg
        copy[sof] = bits
        return FixtureExport.keep(copy)
    }

    /// Offset of the first byte of entropy-coded data (just after the first SOS segment).
    /// - Parameter jpeg: A JPEG file.
    /// - Returns: The offset, or `nil` when there is no SOS.
    public static func jpegScanDataOffset(_ jpeg: [UInt8]) -> Int? {
        var at = 2
        while at + 4 <= jpeg.count, jpeg[at] == 0xFF {
            let length = Int(jpeg[at + 2]) << 8 | Int(jpeg[at + 3])
            if jpeg[at + 1] == 0xDA { return at + 2 + length }
            at += 2 + length
        }
        return nil
    }

    /// The JPEG with a marker segment inserted right after SOI (e.g. a hand-made APP1 EXIF block).
    /// - Parameters:
    ///   - marker: The marker byte, e.g. `0xE1` for APP1.
    ///   - payload: The segment's data (at most 65533 bytes; the length field is added).
    ///   - jpeg: A JPEG file.
    /// - Returns: The file with the segment.
    public static func insertingSegment(marker: UInt8, payload: [UInt8], into jpeg: [UInt8]) -> [UInt8] {
        precondition(payload.count <= 65533, "a JPEG segment holds at most 65533 bytes")
        let length = payload.count + 2
        return FixtureExport.keep(Array(jpeg.prefix(2)) + [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
            + jpeg.dropFirst(2))
    }

    /// The JPEG with bytes inserted right before a marker: before its final EOI when `marker` is `0xD9`, else
    /// before the first occurrence of `0xFF marker` after the first scan's header (e.g. `0xDA`, the next scan
    /// of a progressive JPEG). This is how stray bytes some cameras write look.
    /// - Parameters:
    ///   - bytes: The bytes to insert (none of them 0xFF).
    ///   - marker: The marker byte they come before.
    ///   - jpeg: A JPEG file.
    /// - Returns: The file with the bytes, or `nil` when the marker is not there.
    public static func insertingBytes(_ bytes: [UInt8], beforeMarker marker: UInt8, in jpeg: [UInt8]) -> [UInt8]? {
        let at: Int?
        if marker == 0xD9 {
            at = jpeg.count >= 2 && jpeg[jpeg.count - 2] == 0xFF && jpeg[jpeg.count - 1] == 0xD9 ? jpeg.count - 2 : nil
        } else if let scan = jpegScanDataOffset(jpeg) {
            at = (scan..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == marker }
        } else {
            at = nil
        }
        guard let at else { return nil }
        return Array(jpeg[..<at]) + bytes + jpeg[at...]
    }

    /// The PNG with a chunk (``FixtureImage/chunk(_:_:)``: length, type, data, CRC-32) inserted right after the
    /// first chunk of a type.
    /// - Parameters:
    ///   - type: The new chunk's four-letter type, e.g. `tIME`.
    ///   - data: The chunk's data.
    ///   - after: The type of the chunk it follows, e.g. `IHDR`.
    ///   - png: A PNG file.
    /// - Returns: The file with the chunk.
    public static func insertingChunk(_ type: String, data: [UInt8], after: String, in png: [UInt8]) -> [UInt8] {
        guard let anchor = pngChunks(png).first(where: { $0.type == after }) else {
            preconditionFailure("no \(after) chunk")
        }
        let end = anchor.offset + 12 + anchor.length
        return Array(png[..<end]) + FixtureImage.chunk(type, data) + png[end...]
    }
}
