/// Reads the scalar fields of a BlobEntity answer (`BlobEntityDetail.brief`) in one pass over the bytes, without
/// building the rest: an import reads two answers a file, and JSONDecoder first maps the whole document (the
/// table right and every field property) before it takes nine fields of it.
///
/// It answers only what it is sure JSONDecoder answers the same: a well-formed JSON object (every skipped value
/// checked against the JSON grammar, strings valid UTF-8) whose nine fields, when present, are `null` or a plain
/// value of their type (an integer without fraction or exponent that fits `Int`, `true`/`false`, a string), each
/// at most once. Anything else (a number JSONDecoder might read differently, a `\u` escape of a surrogate, a wrong
/// type, malformed JSON, nesting deeper than 64) answers nil, and the caller decodes with JSONDecoder, which then
/// gives the answer or the error.
struct BriefBlobEntityScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var entity = BriefBlobEntity()
    private var seen: UInt16 = 0

    /// The scalar fields of `bytes`, or nil when JSONDecoder must decide.
    static func scan(_ bytes: [UInt8]) -> BriefBlobEntity? {
        var scanner = BriefBlobEntityScanner(bytes: bytes)
        return scanner.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private mutating func document() -> BriefBlobEntity? {
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if !take(UInt8(ascii: "}")) {
            while true {
                skipWhitespace()
                guard let key = plainString() else { return nil }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard field(key) else { return nil }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        skipWhitespace()
        return index == bytes.count ? entity : nil
    }

    /// One member of the top-level object: a field kept (its value checked for its type), or any value skipped.
    private mutating func field(_ key: ArraySlice<UInt8>) -> Bool {
        guard let (bit, kind) = Self.field(named: key) else { return skipValue(depth: 1) }
        guard seen & bit == 0 else { return false }
        seen |= bit
        if takeLiteral("null") { return true }
        switch kind {
        case .integer:
            guard let value = plainInteger() else { return false }
            switch bit {
            case 1 << 0: entity.blobId = value
            case 1 << 1: entity.blobSize = value
            default: entity.originalSize = value
            }
        case .boolean:
            let value: Bool
            if takeLiteral("true") { value = true } else if takeLiteral("false") { value = false } else { return false }
            if bit == 1 << 4 { entity.isEncrypted = value } else { entity.isZipped = value }
        case .string:
            guard let value = string() else { return false }
            switch bit {
            case 1 << 2: entity.description = value
            case 1 << 3: entity.extraInfo = value
            case 1 << 6: entity.mimeType = value
            default: entity.conceptualType = value
            }
        }
        return true
    }

    private enum Kind { case integer, boolean, string }

    private static func field(named key: ArraySlice<UInt8>) -> (UInt16, Kind)? {
        switch String(decoding: key, as: UTF8.self) {
        case "BlobId": (1 << 0, .integer)
        case "BlobSize": (1 << 1, .integer)
        case "Description": (1 << 2, .string)
        case "ExtraInfo": (1 << 3, .string)
        case "IsEncrypted": (1 << 4, .boolean)
        case "IsZipped": (1 << 5, .boolean)
        case "MimeType": (1 << 6, .string)
        case "OriginalSize": (1 << 7, .integer)
        case "ConceptualType": (1 << 8, .string)
        default: nil
        }
    }

    // MARK: Values

    /// A string with no escape and no control character (its bytes, between the quotes), or nil.
    private mutating func plainString() -> ArraySlice<UInt8>? {
        guard take(Self.quote) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.quote {
                index += 1
                return bytes[start..<(index - 1)]
            }
            if byte == Self.backslash || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// A string value with its escapes resolved (`\uXXXX` only outside the surrogates), valid UTF-8, or nil.
    private mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == Self.quote else { return nil }
        let start = index + 1
        guard skipString() else { return nil }
        let raw = bytes[start..<(index - 1)]
        guard raw.contains(Self.backslash) else { return Self.validUTF8(raw) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var at = raw.startIndex
        while at < raw.endIndex {
            let byte = raw[at]
            guard byte == Self.backslash else {
                unescaped.append(byte)
                at += 1
                continue
            }
            // skipString checked every escape
            switch raw[at + 1] {
            case UInt8(ascii: "b"): unescaped.append(0x08)
            case UInt8(ascii: "f"): unescaped.append(0x0C)
            case UInt8(ascii: "n"): unescaped.append(0x0A)
            case UInt8(ascii: "r"): unescaped.append(0x0D)
            case UInt8(ascii: "t"): unescaped.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = Self.hex4(raw[(at + 2)..<(at + 6)]), let scalar = Unicode.Scalar(unit) else { return nil }
                unescaped.append(contentsOf: String(Character(scalar)).utf8)
                at += 6
                continue
            case let other: unescaped.append(other)
            }
            at += 2
        }
        return Self.validUTF8(unescaped[...])
    }

    /// `-`? digits, no leading zero, no fraction or exponent, within `Int`.
    private mutating func plainInteger() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        let start = index
        var value = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, !(count > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
        return value
    }

    /// Checks and skips one JSON value of any kind.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= 64, index < bytes.count else { return false }
        switch bytes[index] {
        case Self.quote: return skipString()
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard skipString() else { return false }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return true }
            while true {
                skipWhitespace()
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "t"): return takeLiteral("true")
        case UInt8(ascii: "f"): return takeLiteral("false")
        case UInt8(ascii: "n"): return takeLiteral("null")
        default: return skipNumber()
        }
    }

    /// A string as JSON allows it (escapes checked), valid UTF-8.
    private mutating func skipString() -> Bool {
        guard take(Self.quote) else { return false }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.quote {
                index += 1
                return Self.validUTF8(bytes[start..<(index - 1)]) != nil
            }
            if byte < 0x20 { return false }
            if byte == Self.backslash {
                guard index + 1 < bytes.count else { return false }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), Self.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    // a lone or reversed surrogate is left to JSONDecoder
                    guard index + 5 < bytes.count, let unit = Self.hex4(bytes[(index + 2)..<(index + 6)]),
                          !(0xD800...0xDFFF).contains(unit) else { return false }
                    index += 6
                default:
                    return false
                }
                continue
            }
            index += 1
        }
        return false
    }

    /// `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?
    private mutating func skipNumber() -> Bool {
        _ = take(UInt8(ascii: "-"))
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() else { return false }
        }
        if take(UInt8(ascii: ".")) { guard skipDigits() else { return false } }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard skipDigits() else { return false }
        }
        return true
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, Self.digit(bytes[index]) != nil { index += 1 }
        return index > start
    }

    // MARK: Bytes

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func takeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func hex4(_ slice: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for byte in slice {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// The string the bytes spell, or nil when they are not valid UTF-8 (decoding would have repaired them).
    private static func validUTF8(_ raw: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: raw, as: UTF8.self)
        return text.utf8.elementsEqual(raw) ? text : nil
    }
}
