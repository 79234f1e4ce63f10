import Foundation
import SuperOfficeWebAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads connection settings from the environment and an optional credentials file, never from argv.
///
/// The file holds `KEY=VALUE` lines (blank lines and `#` comments ignored, values may be quoted) with the
/// same keys as the environment: `SO_BASE_URL`, `SO_TICKET`, `SO_APP_TOKEN`, `SO_BEARER_TOKEN`,
/// `SO_USERNAME`, `SO_PASSWORD`. A variable set in the environment wins over the file.
struct CredentialsSource {
    var values: [String: String]
    /// Where each value came from: `the environment` or `credentials file PATH`.
    var origins: [String: String] = [:]
    /// Variables in the environment that look like misspelt keys (`SO_BASEURL` for `SO_BASE_URL`), with the key.
    var likelyTypos: [(seen: String, meant: String)] = []
    /// Warnings to show (a credentials file others can read).
    var warnings: [String] = []

    static let keys = ["SO_BASE_URL", "SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD"]
    /// The keys that hold (part of) a credential.
    static let credentialKeys = ["SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD"]

    init(environment: [String: String], filePath: String?) throws(CLIFailure) {
        var values: [String: String] = [:]
        if let filePath {
            let text: String
            switch TextFile.contents(of: filePath) {
            case .success(let read): text = read
            case .failure(let why):
                throw CLIFailure.configuration("cannot read the credentials file \(filePath): \(why) (--credentials-file)")
            }
            if let warning = Self.permissionWarning(filePath) { warnings.append(warning) }
            for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty || line.hasPrefix("#") { continue }
                if line.hasPrefix("export ") { line.removeFirst("export ".count) }
                guard let equals = line.firstIndex(of: "=") else {
                    // never echo the line: it may hold a secret
                    throw CLIFailure.configuration("credentials file \(filePath) line \(number + 1): expected KEY=VALUE")
                }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                guard Self.keys.contains(key) else {
                    let hint = Self.meant(key).map { " (did you mean \($0)?)" } ?? ""
                    throw CLIFailure.configuration(
                        "credentials file \(filePath) line \(number + 1): unknown key \(key)\(hint); known keys: "
                            + Self.keys.joined(separator: ", "))
                }
                values[key] = value
                origins[key] = "credentials file \(filePath)"
            }
        }
        for key in Self.keys {
            if let value = environment[key], !value.isEmpty {
                values[key] = value
                origins[key] = "the environment"
            }
        }
        for name in environment.keys.sorted() where !Self.keys.contains(name) {
            if let key = Self.meant(name), environment[name].map({ !$0.isEmpty }) == true {
                likelyTypos.append((name, key))
            }
        }
        self.values = values
    }

    var baseURL: String? { values["SO_BASE_URL"] }

    /// The credential variables that are set, in a fixed order.
    var credentialKeysSeen: [String] { Self.credentialKeys.filter { values[$0] != nil } }

    /// The credential the settings name, or nil when none is set.
    func credentials() throws(CLIFailure) -> Credentials? {
        if let ticket = values["SO_TICKET"] {
            return .soTicket(ticket, appToken: values["SO_APP_TOKEN"])
        }
        if let token = values["SO_BEARER_TOKEN"] {
            return .bearer(token)
        }
        if let user = values["SO_USERNAME"] {
            guard let password = values["SO_PASSWORD"] else {
                throw CLIFailure.configuration("SO_USERNAME is set but SO_PASSWORD is not")
            }
            return .basic(username: user, password: password)
        }
        if values["SO_APP_TOKEN"] != nil {
            throw CLIFailure.configuration("SO_APP_TOKEN is set but SO_TICKET is not (an online tenant needs both)")
        }
        if values["SO_PASSWORD"] != nil {
            throw CLIFailure.configuration("SO_PASSWORD is set but SO_USERNAME is not")
        }
        return nil
    }

    /// Which variables make up the credential in use and where they came from, never their values:
    /// `SO_TICKET + SO_APP_TOKEN (SOTicket, from the environment)`.
    var credentialDescription: String? {
        let used: [String]
        if values["SO_TICKET"] != nil {
            used = ["SO_TICKET"] + (values["SO_APP_TOKEN"] != nil ? ["SO_APP_TOKEN"] : [])
        } else if values["SO_BEARER_TOKEN"] != nil {
            used = ["SO_BEARER_TOKEN"]
        } else if values["SO_USERNAME"] != nil {
            used = ["SO_USERNAME", "SO_PASSWORD"]
        } else {
            return nil
        }
        let kind = used[0] == "SO_TICKET" ? "SOTicket" : used[0] == "SO_BEARER_TOKEN" ? "Bearer" : "Basic"
        let from = Array(Set(used.compactMap { origins[$0] })).sorted().joined(separator: " and ")
        return "\(used.joined(separator: " + ")) (\(kind), from \(from))"
    }

    /// Every secret value, so output can be checked never to contain one.
    var secrets: [String] {
        ["SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_PASSWORD"].compactMap { values[$0] }.filter { !$0.isEmpty }
    }

    /// The known key a name most likely means: the same letters but for underscores and case
    /// (`SO_BASEURL`, `so_ticket`), or one letter off (`SO_TICKT`). Nil for anything else.
    static func meant(_ name: String) -> String? {
        guard name.uppercased().hasPrefix("SO") else { return nil }
        func squeeze(_ text: String) -> String { text.uppercased().filter { $0 != "_" && $0 != "-" } }
        let squeezed = squeeze(name)
        if let key = keys.first(where: { squeeze($0) == squeezed }) { return key }
        return keys.first { distance(squeeze($0), squeezed) <= 1 }
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A warning, as ssh gives one, when the credentials file can be read or written by others.
    static func permissionWarning(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = Int(info.st_mode) & 0o777
        guard mode & 0o077 != 0 else { return nil }
        return "warning: the credentials file \(path) can be read by others (mode \(String(mode, radix: 8))); "
            + "restrict it with: chmod 600 \(path)"
    }
}
