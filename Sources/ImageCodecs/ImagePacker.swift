import CImageCodecs
import Crypto

/// Packing for upload: optional zlib compression by a ``ZipPolicy``, sizes and a SHA-256.
public enum ImagePacker {
    /// Packs an image's bytes by the policy.
    /// - Parameters:
    ///   - bytes: The original file's bytes.
    ///   - policy: Never, always, or auto (keep the compressed form only if it saves enough).
    /// - Returns: The payload, its sizes, whether it is zipped, and the original's SHA-256.
    /// - Throws: ``CodecError`` with code `.compression` for a level outside 0...9 or a zlib failure.
    public static func pack(_ bytes: [UInt8], policy: ZipPolicy) throws(CodecError) -> PackedImage {
        let digest = sha256Hex(bytes)
        switch policy {
        case .never:
            return PackedImage(payload: bytes, originalSize: bytes.count, isZipped: false, sha256: digest)
        case .always(let level):
            let zipped = try deflate(bytes, level: level)
            return PackedImage(payload: zipped, originalSize: bytes.count, isZipped: true, sha256: digest)
        case .auto(let level, let minimumSaving):
            guard (0...1).contains(minimumSaving) else {
                throw CodecError(code: .compression, message: "minimum saving must be between 0 and 1")
            }
            let zipped = try deflate(bytes, level: level)
            let saved = Double(bytes.count - zipped.count)
            if bytes.count > 0, saved >= minimumSaving * Double(bytes.count), zipped.count < bytes.count {
                return PackedImage(payload: zipped, originalSize: bytes.count, isZipped: true, sha256: digest)
            }
            return PackedImage(payload: bytes, originalSize: bytes.count, isZipped: false, sha256: digest)
        }
    }

    /// A zlib (RFC 1950) stream of the bytes.
    /// - Parameters:
    ///   - bytes: Input.
    ///   - level: zlib level 0...9.
    /// - Returns: The stream.
    /// - Throws: ``CodecError`` with code `.compression`.
    public static func deflate(_ bytes: [UInt8], level: Int) throws(CodecError) -> [UInt8] {
        guard (0...9).contains(level) else {
            throw CodecError(code: .compression, message: "zlib level \(level) is not in 0...9")
        }
        let bound = cic_deflate_bound(bytes.count)
        var status = cic_status.ok
        var message = [CChar](repeating: 0, count: 96)
        let output = [UInt8](unsafeUninitializedCapacity: bound) { out, count in
            var length = bound
            var dummy: UInt8 = 0
            status = bytes.withUnsafeBufferPointer { input in
                cic_deflate(input.baseAddress ?? withUnsafePointer(to: &dummy) { $0 }, input.count, Int32(level),
                            out.baseAddress!, &length, &message, message.count)
            }
            count = status == .ok ? length : 0
        }
        guard status == .ok else {
            throw CodecError(code: .compression, message: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return output
    }

    /// Inflates a zlib (RFC 1950) stream, e.g. a zipped payload, back to the original bytes.
    /// - Parameters:
    ///   - payload: A complete zlib stream.
    ///   - maxSize: The most bytes to produce (a guard against zip bombs; default 2 GiB).
    /// - Returns: The inflated bytes.
    /// - Throws: ``CodecError`` with code `.compression` for a broken stream or one over `maxSize`.
    public static func inflate(_ payload: [UInt8], maxSize: Int = 1 << 31) throws(CodecError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 96)
        var dummy: UInt8 = 0
        let status = payload.withUnsafeBufferPointer { input in
            cic_inflate(input.baseAddress ?? withUnsafePointer(to: &dummy) { $0 }, input.count, max(0, maxSize),
                        &out, &length, &message, message.count)
        }
        defer { cic_free(out) }
        guard status == .ok, let out else {
            throw CodecError(code: .compression, message: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// Lowercase hex SHA-256 of the bytes.
    /// - Parameter bytes: Input.
    /// - Returns: 64 hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
