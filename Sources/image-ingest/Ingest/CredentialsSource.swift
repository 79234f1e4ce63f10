import Foundation
import SuperOfficeWebAPI

/// Reads connection settings from the environment and an optional credentials file, never from argv.
///
/// The file holds `KEY=VALUE` lines (blank lines and `#` comments ignored, values may be quoted) with the
/// same keys as the environment: `SO_BASE_URL`, `SO_TICKET`, `SO_APP_TOKEN`, `SO_BEARER_TOKEN`,
/// `SO_USERNAME`, `SO_PASSWORD`. A variable set in the environment wins over the file.
struct CredentialsSource {
    var values: [String: String]

    static let keys = ["SO_BASE_URL", "SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD"]

    init(environment: [String: String], filePath: String?) throws(CLIFailure) {
        var values: [String: String] = [:]
        if let filePath {
            guard let data = FileManager.default.contents(atPath: filePath), let text = String(data: data, encoding: .utf8) else {
                throw CLIFailure.configuration("cannot read the credentials file \(filePath)")
            }
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
                    throw CLIFailure.configuration("credentials file \(filePath) line \(number + 1): unknown key \(key)")
                }
                values[key] = value
            }
        }
        for key in Self.keys {
            if let value = environment[key], !value.isEmpty { values[key] = value }
        }
        self.values = values
    }

    var baseURL: String? { values["SO_BASE_URL"] }

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
        return nil
    }

    /// Every secret value, so output can be checked never to contain one.
    var secrets: [String] {
        ["SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_PASSWORD"].compactMap { values[$0] }.filter { !$0.isEmpty }
    }
}
