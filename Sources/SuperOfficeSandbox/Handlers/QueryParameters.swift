/// Query string parameters with case-insensitive names (as ASP.NET binds them), names and values
/// percent-decoded; the first of a repeated name counts.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncodingLite().lowercased()
            let value = parts.count > 1 ? String(parts[1]) : ""
            if values[name] == nil { values[name] = value.removingPercentEncodingLite() }
        }
    }

    subscript(_ name: String) -> String? { values[name.lowercased()] }
}

extension String {
    /// Decodes `%XX` escapes and, unless `plusIsSpace` is false (a path segment), `+` as a space; leaves
    /// malformed escapes as they are.
    func removingPercentEncodingLite(plusIsSpace: Bool = true) -> String {
        var bytes = [UInt8]()
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text with everything but unreserved characters (RFC 3986: letters, digits, `-._~`) `%XX`-escaped,
    /// for a query string value.
    func addingQueryValueEscapes() -> String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
