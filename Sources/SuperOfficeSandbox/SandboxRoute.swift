/// A request path matched case-insensitively against the project-image routes.
struct SandboxRoute: Sendable, Hashable {
    /// Which resource: the bitmap or its description.
    enum Resource: Sendable, Hashable { case image, imageInfo }

    var resource: Resource
    /// The `{projectId}` / `{id}` path segment as written.
    var idSegment: String

    /// The project id in the path, when it is a positive 32-bit integer.
    var projectId: Int? {
        guard let value = Int(idSegment), value > 0, value <= Int(Int32.max) else { return nil }
        return value
    }

    /// Matches `[/sitePath]/api/v1/Project/{id}/Image|ImageInfo` in any letter case, with or without a trailing slash.
    static func match(path: String, sitePath: String) -> SandboxRoute? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let site = sitePath.split(separator: "/").map { $0.lowercased() }
        guard segments.count >= site.count, zip(segments, site).allSatisfy({ $0.lowercased() == $1 }) else { return nil }
        segments.removeFirst(site.count)
        guard segments.count == 5, segments[0].lowercased() == "api", segments[1].lowercased() == "v1",
            segments[2].lowercased() == "project"
        else { return nil }
        switch segments[4].lowercased() {
        case "image": return SandboxRoute(resource: .image, idSegment: segments[3])
        case "imageinfo": return SandboxRoute(resource: .imageInfo, idSegment: segments[3])
        default: return nil
        }
    }
}

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
