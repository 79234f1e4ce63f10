extension String {
    /// Without leading and trailing spaces and tabs. Scans the UTF-8 bytes (both are ASCII, so every cut is on a
    /// character boundary): the authentication middleware calls it on every request's `Authorization` value.
    func trimmingSpaces() -> String {
        let utf8 = self.utf8
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if first == utf8.startIndex, utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first...last])
    }
}
