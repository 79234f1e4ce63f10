import ImageCodecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One result line of `image-ingest probe`, written as JSON or for people.
struct ProbeOutcome: Sendable {
    var path: String
    var header: ImageHeader?
    var notes: [String] = []
    var verified = false
    var packed: PackedImage?
    var error: CodecError?
    var stage: String?

    var failed: Bool { error != nil }

    /// The line, newline included, appended to `out`.
    func write(json: Bool, to out: inout [UInt8]) {
        if json { writeJSON(to: &out) } else { writeText(to: &out) }
        out.append(UInt8(ascii: "\n"))
    }

    private func writeJSON(to out: inout [UInt8]) {
        var line = ProbeJSONLine()
        line.field("path", string: path)
        if let error, let stage {
            line.field("error", string: "\(stage): \(error.message)")
            line.field("stage", string: stage)
            line.field("code", string: error.code.description)
            if let format = error.format { line.field("mime", string: format.mimeType) }
            if let width = error.storedWidth, let height = error.storedHeight {
                line.field("width", int: width)
                line.field("height", int: height)
            }
        } else if let packed {
            line.field("originalSize", int: packed.originalSize)
            line.field("blobSize", int: packed.blobSize)
            line.field("isZipped", bool: packed.isZipped)
            line.field("sha256", string: packed.sha256)
        } else if let header {
            line.field("mime", string: header.format.mimeType)
            line.field("width", int: header.width)
            line.field("height", int: header.height)
            line.field("displayWidth", int: header.displayWidth)
            line.field("displayHeight", int: header.displayHeight)
            line.field("orientation", int: header.orientation)
            line.field("bitDepth", int: header.bitDepth)
            line.field("components", int: header.components)
            line.field("colorModel", string: header.colorModel.rawValue)
            line.field("progressive", bool: header.isProgressive)
            line.field("interlaced", bool: header.isInterlaced)
            if verified { line.field("verified", bool: true) }
            if !notes.isEmpty { line.field("notes", strings: notes) }
        }
        out += line.finish()
    }

    private func writeText(to out: inout [UInt8]) {
        var text = path + ": "
        if let error, let stage {
            text += "error: \(stage): \(error.message)"
        } else if let packed {
            text += "\(packed.originalSize) -> \(packed.blobSize) bytes, sha256 \(packed.sha256)"
        } else if let header {
            text += "\(header.format.name) \(header.width)x\(header.height)"
            if header.orientation != 1 {
                text += " (orientation \(header.orientation), displays \(header.displayWidth)x\(header.displayHeight))"
            }
            text += ", \(header.bitDepth)-bit \(header.colorModel)"
            if header.isProgressive { text += ", progressive" }
            if header.isInterlaced { text += ", interlaced" }
            if verified { text += ", verified" }
            for note in notes { text += "; note: \(note)" }
        }
        out += text.utf8
    }
}

/// A JSON object written by hand into a byte buffer (one per output line; no encoder per line).
/// Keys are plain ASCII literals and go in as they are; values are escaped.
struct ProbeJSONLine {
    private var bytes: [UInt8]
    private var first = true

    init() {
        bytes = []
        bytes.reserveCapacity(320)
        bytes.append(0x7B)  // {
    }

    mutating func field(_ key: StaticString, string value: String) {
        name(key)
        Self.quote(value, into: &bytes)
    }

    mutating func field(_ key: StaticString, int value: Int) {
        name(key)
        Self.digits(value, into: &bytes)
    }

    mutating func field(_ key: StaticString, bool value: Bool) {
        name(key)
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    mutating func field(_ key: StaticString, strings values: [String]) {
        name(key)
        bytes.append(0x5B)  // [
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            Self.quote(value, into: &bytes)
        }
        bytes.append(0x5D)  // ]
    }

    consuming func finish() -> [UInt8] {
        bytes.append(0x7D)  // }
        return bytes
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func name(_ key: StaticString) {
        if !first { bytes.append(0x2C) }  // ,
        first = false
        bytes.append(0x22)
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)  // :
    }

    static func digits(_ value: Int, into bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(0x2D)  // -
            bytes.append(contentsOf: String(value.magnitude).utf8)
            return
        }
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var at = raw.count
            var rest = UInt(value)
            repeat {
                at -= 1
                raw[at] = 0x30 + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: raw[at...])
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7).
    static func quote(_ value: String, into bytes: inout [UInt8]) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            // Fast path: nothing to escape (the usual path).
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22, 0x5C: bytes.append(0x5C); bytes.append(byte)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)  // \n
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)  // \r
                case 0x09: bytes.append(0x5C); bytes.append(0x74)  // \t
                case 0..<0x20, 0x7F:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }
}

/// Buffered writes to a file descriptor (standard output): one write call per 64 KiB.
struct ProbeOutputBuffer {
    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 17)
    }

    mutating func append(_ bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
