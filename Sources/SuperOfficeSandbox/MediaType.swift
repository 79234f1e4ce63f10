/// A parsed `Content-Type`: the lower-cased essence (`image/png`) and its parameters.
struct MediaType: Sendable, Hashable {
    var essence: String
    var parameters: [String: String]

    init?(_ header: String?) {
        guard let header else { return nil }
        let pieces = header.split(separator: ";")
        guard let first = pieces.first else { return nil }
        let essence = String(first).trimmingSpaces().lowercased()
        guard essence.contains("/") else { return nil }
        self.essence = essence
        var parameters = [String: String]()
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = String(pair[1]).trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[String(pair[0]).trimmingSpaces().lowercased()] = value
        }
        self.parameters = parameters
    }

    /// The image type the first bytes announce (PNG, JPEG, GIF or TIFF), for a form part sent without a type.
    static func sniffImage(_ bytes: [UInt8]) -> MediaType? {
        let signatures: [([UInt8], String)] = [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"), ([0xFF, 0xD8, 0xFF], "image/jpeg"),
            (Array("GIF8".utf8), "image/gif"), ([0x49, 0x49, 0x2A, 0x00], "image/tiff"), ([0x4D, 0x4D, 0x00, 0x2A], "image/tiff"),
        ]
        for (signature, type) in signatures where bytes.starts(with: signature) { return MediaType(type) }
        return nil
    }

    /// The image types the upload endpoint consumes.
    static let uploadImageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/tiff"]
    /// The JSON types the ImageInfo endpoint consumes (the sandbox does not read XML or form bodies).
    static let jsonTypes: Set<String> = [
        "application/json", "text/json", "application/json-patch+json", "application/merge-patch+json",
    ]
}
