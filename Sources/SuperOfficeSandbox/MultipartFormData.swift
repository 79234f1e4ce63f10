/// The first file part of a `multipart/form-data` body (RFC 7578), enough for an image upload form.
struct MultipartFile: Sendable {
    var contentType: String?
    var bytes: [UInt8]

    /// Reads the first part that carries a file name or an `image` field, else the first part.
    /// `nil` when the body is not multipart with that boundary.
    static func first(in body: [UInt8], boundary: String) -> MultipartFile? {
        let delimiter = Array(("--" + boundary).utf8)
        var starts = [Int]()
        var index = 0
        while let found = body.firstIndex(of: delimiter, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        guard starts.count >= 2 else { return nil }
        var parts = [(headers: String, bytes: [UInt8])]()
        for (start, next) in zip(starts, starts.dropFirst()) {
            var partStart = start + delimiter.count
            // Skip the CRLF after the delimiter.
            if partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 { partStart += 2 }
            var partEnd = next
            if partEnd >= 2, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd else { continue }
            let part = Array(body[partStart..<partEnd])
            guard let split = part.firstIndex(of: [13, 10, 13, 10], from: 0) else { continue }
            parts.append((String(decoding: part[..<split], as: UTF8.self), Array(part[(split + 4)...])))
        }
        guard !parts.isEmpty else { return nil }
        let chosen = parts.first { part in
            let headers = part.headers.lowercased()
            return headers.contains("filename=") || headers.contains("name=\"image\"")
        } ?? parts[0]
        var contentType: String?
        for line in chosen.headers.split(whereSeparator: \.isNewline) {
            let pieces = line.split(separator: ":", maxSplits: 1)
            if pieces.count == 2, pieces[0].lowercased() == "content-type" {
                contentType = String(pieces[1]).trimmingSpaces()
            }
        }
        return MultipartFile(contentType: contentType, bytes: chosen.bytes)
    }
}

extension Array where Element == UInt8 {
    /// The first index at or after `from` where `pattern` starts.
    func firstIndex(of pattern: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, count >= pattern.count, from <= count - pattern.count else { return nil }
        var index = from
        while index <= count - pattern.count {
            if self[index] == pattern[0], self[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
