/// One JSON object on one line, written by hand into a byte buffer: for `probe`'s result lines (tens of thousands a
/// second, so no encoder per line), `prepare`, `status`, `undo`, `projects` and the logs; the import's events are
/// the library's own encoding (`EventJSON`).
/// Keys are plain ASCII names and go in as they are; values are escaped (RFC 8259 §7).
struct JSONLine {
    private var bytes: [UInt8]
    private var first = true

    init() {
        bytes = []
        bytes.reserveCapacity(320)
        bytes.append(0x7B)  // {
    }

    /// A string field; nothing when `value` is nil.
    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        name(key)
        Self.quote(value, into: &bytes)
    }

    /// An integer field; nothing when `value` is nil.
    mutating func add(_ key: String, _ value: Int?) {
        guard let value else { return }
        name(key)
        Self.digits(value, into: &bytes)
    }

    /// A number rounded to three decimals (`null` when not finite).
    mutating func add(_ key: String, _ value: Double) {
        name(key)
        bytes.append(contentsOf: (value.isFinite ? String((value * 1000).rounded() / 1000) : "null").utf8)
    }

    mutating func add(_ key: String, _ value: Bool) {
        name(key)
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    /// An array of strings.
    mutating func add(_ key: String, strings values: [String]) {
        name(key)
        bytes.append(0x5B)  // [
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            Self.quote(value, into: &bytes)
        }
        bytes.append(0x5D)  // ]
    }

    /// An already-encoded JSON value.
    mutating func addRaw(_ key: String, _ json: String) {
        name(key)
        bytes.append(contentsOf: json.utf8)
    }

    /// The object as bytes, closed.
    consuming func finish() -> [UInt8] {
        bytes.append(0x7D)  // }
        return bytes
    }

    /// The object as text, closed.
    var line: String { String(decoding: bytes + [0x7D], as: UTF8.self) }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func name(_ key: String) {
        if !first { bytes.append(0x2C) }  // ,
        first = false
        bytes.append(0x22)
        bytes.append(contentsOf: key.utf8)
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

    /// A JSON string: quotes, backslashes and control characters escaped.
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
