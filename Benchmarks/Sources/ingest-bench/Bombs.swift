import Foundation

/// Decompression bombs made from small corpus files by patching their headers: the dimensions claim
/// a huge image while the file stays a few kilobytes. image-ingest must reject them from the header.
enum Bombs {
    /// A PNG from the corpus whose IHDR claims `width`×`height` (CRC recomputed, so the header is valid).
    static func png(from source: String, width: UInt32, height: UInt32, to path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        guard bytes.count > 33, bytes[12 ..< 16].elementsEqual(Array("IHDR".utf8)) else { throw BenchError("\(source): no IHDR") }
        put(width, into: &bytes, at: 16)
        put(height, into: &bytes, at: 20)
        put(crc32(bytes[12 ..< 29]), into: &bytes, at: 29)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A baseline JPEG from the corpus whose SOF0 frame header claims `width`×`height`.
    static func jpeg(from source: String, width: UInt16, height: UInt16, to path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        var index = 2
        while index + 9 < bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if marker == 0xC0 || marker == 0xC2 {
                bytes[index + 5] = UInt8(height >> 8); bytes[index + 6] = UInt8(height & 0xFF)
                bytes[index + 7] = UInt8(width >> 8); bytes[index + 8] = UInt8(width & 0xFF)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                return
            }
            index += 2 + length
        }
        throw BenchError("\(source): no SOF0/SOF2 frame header found")
    }

    private static func put(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for shift in 0 ..< 4 { bytes[offset + shift] = UInt8((value >> (24 - 8 * UInt32(shift))) & 0xFF) }
    }

    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Bench {
    /// Verify of the two bombs of issue 6: rejected from the header, with a small peak RSS.
    func bombs() throws -> [Row] {
        let directory = NSTemporaryDirectory()
        guard let png = corpus.good.first(where: { $0.mime == "image/png" }),
            let jpeg = corpus.good.first(where: { $0.mime == "image/jpeg" })
        else { throw BenchError("the corpus needs a PNG and a JPEG") }
        let pngBomb = directory + "ingest-bench-bomb-100000x100000.png"
        let jpegBomb = directory + "ingest-bench-bomb-65000x65000.jpg"
        try Bombs.png(from: png.path, width: 100_000, height: 100_000, to: pngBomb)
        try Bombs.jpeg(from: jpeg.path, width: 65_000, height: 65_000, to: jpegBomb)
        return try [("PNG bomb 100000x100000", pngBomb), ("JPEG bomb 65000x65000", jpegBomb)].map { name, path in
            let outcome = try runChild([binary, "probe", "--verify", "--json", path])
            let line = outcome.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
            let rejected = line.contains("\"error\"")
            return Row(name: "verify " + name, seconds: outcome.seconds, rate: "-", peakRSSBytes: outcome.peakRSSBytes,
                       check: rejected ? "rejected: " + (line.components(separatedBy: "\"error\":").last ?? "").prefix(60) : "NOT REJECTED")
        }
    }
}
