/// Query string parameters with case-insensitive names (as ASP.NET binds them).
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            let value = parts.count > 1 ? String(parts[1]) : ""
            if values[name] == nil { values[name] = value.removingPercentEncodingLite() }
        }
    }

    subscript(_ name: String) -> String? { values[name.lowercased()] }
}

extension String {
    /// Decodes `%XX` escapes and `+`; leaves malformed escapes as they are.
    func removingPercentEncodingLite() -> String {
        var bytes = [UInt8]()
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
