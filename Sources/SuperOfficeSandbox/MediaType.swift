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

    /// The image types the upload endpoint consumes.
    static let uploadImageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/tiff"]
    /// The JSON types the ImageInfo endpoint consumes (the sandbox does not read XML or form bodies).
    static let jsonTypes: Set<String> = [
        "application/json", "text/json", "application/json-patch+json", "application/merge-patch+json",
    ]
}
