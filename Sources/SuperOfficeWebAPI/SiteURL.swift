/// A checked base URL: scheme, host and site path, ending in `/`.
struct SiteURL: Sendable, Hashable {
    /// `http` or `https`.
    let scheme: String
    /// The host as written (IPv6 without brackets).
    let host: String
    /// `scheme://authority/site/` with a trailing slash.
    let string: String
    /// The port connected to (the one written, else 80 for http and 443 for https).
    let port: Int

    /// Whether the host is this machine (localhost, 127.0.0.0/8, ::1).
    var isLoopback: Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower == "::1" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Parses and normalises a base URL.
    static func parse(_ text: String) throws(WebAPIError) -> SiteURL {
        func invalid(_ why: String) -> WebAPIError {
            WebAPIError(code: .invalidConfiguration, message: "Base URL is not usable: \(why)", attempts: 0)
        }
        guard let schemeEnd = text.firstRange(of: "://") else { throw invalid("expected https://host/site/") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("the scheme must be http or https") }
        let rest = text[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else { throw invalid("no query or fragment allowed") }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        guard !authority.contains("@") else {
            throw invalid("credentials in the URL are not accepted; pass them as Credentials")
        }
        var host = String(authority)
        var port = scheme == "https" ? 443 : 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else { throw invalid("bad port") }
                port = number
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.firstIndex(of: ":") {
            let written = host[host.index(after: colon)...]
            guard let number = Int(written), (1...65535).contains(number) else { throw invalid("bad port") }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " }) else { throw invalid("no host") }
        if !path.hasSuffix("/") { path += "/" }
        // Accept a URL that already points at the API and cut it back to the site.
        for suffix in ["api/v1/", "api/"] where path.lowercased().hasSuffix("/" + suffix) {
            path.removeLast(suffix.count)
            break
        }
        return SiteURL(scheme: scheme, host: host, string: "\(scheme)://\(authority)\(path)", port: port)
    }
}
