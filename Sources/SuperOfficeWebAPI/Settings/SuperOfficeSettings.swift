import LibC

/// The connection settings of a process: its environment and an optional credentials file, never argv. A
/// service configures its client the way the `image-ingest` command line does:
///
/// ```swift
/// let settings = try SuperOfficeSettings(environment: ProcessInfo.processInfo.environment)
/// let client = try SuperOfficeClient(configuration: settings.clientConfiguration())
/// let ingestor = Ingestor(client: client)
/// ```
///
/// Settings that would send work somewhere unintended are refused with a ``SettingsError``: a credential (or a
/// misspelt variable such as `SO_BASEURL`) without a server, half a credential, an unreadable key file.
///
/// The file holds `KEY=VALUE` lines (blank lines and `#` comments ignored, values may be quoted) with the
/// same keys as the environment. A variable set in the environment wins over the file.
///
/// - The server: `SO_BASE_URL`, or an online tenant by `SO_CONTEXT_ID` and `SO_ENVIRONMENT` (`sod`,
///   `qaonline`, `online` or a login URL), whose host is looked up.
/// - Static credentials: `SO_TICKET` (+ `SO_APP_TOKEN` online), `SO_BEARER_TOKEN`, or `SO_USERNAME` and
///   `SO_PASSWORD`.
/// - System user (renewed on 401): `SO_SYSTEM_USER_TOKEN`, `SO_PRIVATE_KEY_FILE`, `SO_CLIENT_SECRET`,
///   `SO_PUBLIC_CERT_FILE`, with `SO_CONTEXT_ID` and `SO_ENVIRONMENT`.
/// - OAuth refresh (renewed before expiry and on 401): `SO_CLIENT_ID`, `SO_CLIENT_SECRET`, `SO_REFRESH_TOKEN`
///   (+ `SO_REDIRECT_URI` if the application needs it), with `SO_ENVIRONMENT`.
public struct SuperOfficeSettings: Sendable {
    /// The values read, by key (`SO_BASE_URL`, `SO_TICKET`, …).
    public private(set) var values: [String: String]
    /// The text of `SO_PRIVATE_KEY_FILE`, read once (the provider signs with it; the redactor hides its lines).
    private var privateKeyText: Result<String, TextFile.ReadFailure>?
    /// Where each value came from: `the environment` or `credentials file PATH`.
    public private(set) var origins: [String: String] = [:]
    /// Variables in the environment that look like misspelt keys (`SO_BASEURL` for `SO_BASE_URL`), with the key.
    public private(set) var likelyTypos: [(seen: String, meant: String)] = []
    /// Warnings to show (a credentials file others can read).
    public private(set) var warnings: [String] = []

    /// Every key the settings know.
    public static let keys = [
        "SO_BASE_URL", "SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD",
        "SO_CONTEXT_ID", "SO_ENVIRONMENT", "SO_SYSTEM_USER_TOKEN", "SO_PRIVATE_KEY_FILE", "SO_PUBLIC_CERT_FILE",
        "SO_CLIENT_ID", "SO_CLIENT_SECRET", "SO_REFRESH_TOKEN", "SO_REDIRECT_URI",
    ]
    /// The keys that hold (part of) a credential.
    public static let credentialKeys = [
        "SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD", "SO_SYSTEM_USER_TOKEN",
        "SO_PRIVATE_KEY_FILE", "SO_CLIENT_ID", "SO_CLIENT_SECRET", "SO_REFRESH_TOKEN",
    ]

    /// Reads `credentialsFile` (`KEY=VALUE` lines, blank lines and `#` comments ignored, values may be quoted, the
    /// same keys as the environment), then `environment`, which wins.
    /// - Throws: ``SettingsError`` `.unreadableFile` or `.malformedFile` (a line is never echoed: it may hold a secret).
    public init(environment: [String: String], credentialsFile filePath: String? = nil) throws(SettingsError) {
        var values: [String: String] = [:]
        if let filePath {
            let text: String
            switch TextFile.contents(of: filePath) {
            case .success(let read): text = read
            case .failure(let why):
                throw SettingsError(.unreadableFile, "cannot read the credentials file \(filePath): \(why)")
            }
            if let warning = Self.permissionWarning(filePath) { warnings.append(warning) }
            for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                var line = Self.trimmed(rawLine)
                if line.isEmpty || line.hasPrefix("#") { continue }
                if line.hasPrefix("export ") { line.removeFirst("export ".count) }
                guard let equals = line.firstIndex(of: "=") else {
                    // never echo the line: it may hold a secret
                    throw SettingsError(.malformedFile, "credentials file \(filePath) line \(number + 1): expected KEY=VALUE")
                }
                let key = Self.trimmed(line[..<equals])
                var value = Self.trimmed(line[line.index(after: equals)...])
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                guard Self.keys.contains(key) else {
                    let hint = Self.meant(key).map { " (did you mean \($0)?)" } ?? ""
                    throw SettingsError(.malformedFile,
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
        privateKeyText = values["SO_PRIVATE_KEY_FILE"].map(TextFile.contents(of:))
    }

    /// `SO_BASE_URL`, when set.
    public var baseURL: String? { values["SO_BASE_URL"] }

    /// The base URL as a client names it (`SuperOfficeClient.baseURL`: scheme lower-cased, `api/v1/` cut, one
    /// trailing slash): `override` or `SO_BASE_URL`; nil when neither is set or it is not a usable URL.
    public func clientBaseURL(_ override: String? = nil) -> String? {
        guard let text = override ?? baseURL else { return nil }
        return try? SiteURL.parse(text).string
    }

    /// The online tenant `SO_CONTEXT_ID` and `SO_ENVIRONMENT` name, when both are set.
    public func onlineTenant() throws(SettingsError) -> OnlineTenant? {
        guard let context = values["SO_CONTEXT_ID"], let environment = values["SO_ENVIRONMENT"] else { return nil }
        do {
            return OnlineTenant(contextIdentifier: context, environment: try OnlineEnvironment(environment))
        } catch {
            throw SettingsError(.invalidValue, "SO_ENVIRONMENT: \(error.message)")
        }
    }

    /// The environment `SO_ENVIRONMENT` names, if set.
    func environment() throws(SettingsError) -> OnlineEnvironment? {
        guard let text = values["SO_ENVIRONMENT"] else { return nil }
        do {
            return try OnlineEnvironment(text)
        } catch {
            throw SettingsError(.invalidValue, "SO_ENVIRONMENT: \(error.message)")
        }
    }

    /// Whether a server is configured: a base URL (`baseURLFlag` stands for one given otherwise, e.g. a flag), or
    /// a tenant by context id and environment.
    public func hasServer(baseURLFlag: String? = nil) -> Bool {
        baseURLFlag != nil || baseURL != nil || (values["SO_CONTEXT_ID"] != nil && values["SO_ENVIRONMENT"] != nil)
    }

    /// The renewing credential the settings name (system user or OAuth refresh), or nil for none.
    public func renewingProvider() throws(SettingsError) -> (any CredentialProvider)? {
        if values["SO_SYSTEM_USER_TOKEN"] != nil || values["SO_PRIVATE_KEY_FILE"] != nil {
            let needed = ["SO_SYSTEM_USER_TOKEN", "SO_PRIVATE_KEY_FILE", "SO_CLIENT_SECRET", "SO_CONTEXT_ID", "SO_ENVIRONMENT",
                          "SO_PUBLIC_CERT_FILE"]
            let missing = needed.filter { values[$0] == nil }
            guard missing.isEmpty else {
                throw SettingsError(.incompleteCredential, "the system user flow needs \(missing.joined(separator: ", ")) as well "
                    + "(SO_PUBLIC_CERT_FILE is SuperOffice's certificate for the environment, to verify the login's answer)")
            }
            let keyText: String
            switch privateKeyText! {
            case .success(let text): keyText = text
            case .failure(let why): throw SettingsError(.invalidValue, "cannot read SO_PRIVATE_KEY_FILE \(values["SO_PRIVATE_KEY_FILE"]!): \(why)")
            }
            let certificatePath = values["SO_PUBLIC_CERT_FILE"]!
            let certificate: [UInt8]
            switch TextFile.bytes(of: certificatePath) {
            case .success(let bytes): certificate = bytes
            case .failure(let why): throw SettingsError(.invalidValue, "cannot read SO_PUBLIC_CERT_FILE \(certificatePath): \(why)")
            }
            do {
                let configuration = SystemUserCredentialProvider.Configuration(
                    environment: try OnlineEnvironment(values["SO_ENVIRONMENT"]!),
                    contextIdentifier: values["SO_CONTEXT_ID"]!, systemUserToken: values["SO_SYSTEM_USER_TOKEN"]!,
                    privateKey: try ApplicationPrivateKey(text: keyText), clientSecret: values["SO_CLIENT_SECRET"]!,
                    verifier: try SuperOfficeTokenVerifier(certificateFile: certificate))
                return SystemUserCredentialProvider(configuration: configuration)
            } catch {
                throw SettingsError(.invalidValue, error.message + " (the system user flow: SO_PRIVATE_KEY_FILE, SO_PUBLIC_CERT_FILE, SO_ENVIRONMENT)")
            }
        }
        if values["SO_REFRESH_TOKEN"] != nil || values["SO_CLIENT_ID"] != nil {
            let missing = ["SO_CLIENT_ID", "SO_CLIENT_SECRET", "SO_REFRESH_TOKEN", "SO_ENVIRONMENT"].filter { values[$0] == nil }
            guard missing.isEmpty else {
                throw SettingsError(.incompleteCredential, "the OAuth refresh flow needs \(missing.joined(separator: ", ")) as well")
            }
            guard let environment = try environment() else { return nil }
            return OAuthRefreshCredentialProvider(configuration: .init(
                environment: environment, clientId: values["SO_CLIENT_ID"]!, clientSecret: values["SO_CLIENT_SECRET"]!,
                refreshToken: values["SO_REFRESH_TOKEN"]!, redirectURI: values["SO_REDIRECT_URI"]))
        }
        return nil
    }

    /// The credential variables that are set, in a fixed order.
    public var credentialKeysSeen: [String] { Self.credentialKeys.filter { values[$0] != nil } }

    /// The static credential the settings name, or nil when none is set.
    public func credentials() throws(SettingsError) -> Credentials? {
        if let ticket = values["SO_TICKET"] {
            return .soTicket(ticket, appToken: values["SO_APP_TOKEN"])
        }
        if let token = values["SO_BEARER_TOKEN"] {
            return .bearer(token)
        }
        if let user = values["SO_USERNAME"] {
            guard let password = values["SO_PASSWORD"] else {
                throw SettingsError(.incompleteCredential, "SO_USERNAME is set but SO_PASSWORD is not")
            }
            return .basic(username: user, password: password)
        }
        if values["SO_CLIENT_SECRET"] != nil {
            throw SettingsError(.incompleteCredential,
                "SO_CLIENT_SECRET is set, but neither the system user flow (SO_SYSTEM_USER_TOKEN, SO_PRIVATE_KEY_FILE) "
                    + "nor OAuth refresh (SO_CLIENT_ID, SO_REFRESH_TOKEN)")
        }
        if values["SO_APP_TOKEN"] != nil {
            throw SettingsError(.incompleteCredential, "SO_APP_TOKEN is set but SO_TICKET is not (an online tenant needs both)")
        }
        if values["SO_PASSWORD"] != nil {
            throw SettingsError(.incompleteCredential, "SO_PASSWORD is set but SO_USERNAME is not")
        }
        return nil
    }

    /// Every static credential the settings hold, each one set (a sandbox accepts them all): `SO_TICKET` (with
    /// `SO_APP_TOKEN`), `SO_BEARER_TOKEN`, `SO_USERNAME` with `SO_PASSWORD`.
    public var staticCredentials: [Credentials] {
        var found: [Credentials] = []
        if let ticket = values["SO_TICKET"] { found.append(.soTicket(ticket, appToken: values["SO_APP_TOKEN"])) }
        if let token = values["SO_BEARER_TOKEN"] { found.append(.bearer(token)) }
        if let user = values["SO_USERNAME"], let password = values["SO_PASSWORD"] {
            found.append(.basic(username: user, password: password))
        }
        return found
    }

    /// Which variables make up the credential in use and where they came from, never their values:
    /// `SO_TICKET + SO_APP_TOKEN (SOTicket, from the environment)`.
    public var credentialDescription: String? {
        let used: [String]
        if values["SO_SYSTEM_USER_TOKEN"] != nil {
            let from = Array(Set(["SO_SYSTEM_USER_TOKEN", "SO_PRIVATE_KEY_FILE", "SO_CLIENT_SECRET"].compactMap { origins[$0] })).sorted()
            return "SO_SYSTEM_USER_TOKEN + SO_PRIVATE_KEY_FILE + SO_CLIENT_SECRET (system user ticket, renewed on 401, from "
                + from.joined(separator: " and ") + ")"
        } else if values["SO_REFRESH_TOKEN"] != nil {
            let from = Array(Set(["SO_CLIENT_ID", "SO_CLIENT_SECRET", "SO_REFRESH_TOKEN"].compactMap { origins[$0] })).sorted()
            return "SO_CLIENT_ID + SO_CLIENT_SECRET + SO_REFRESH_TOKEN (OAuth access token, refreshed before expiry, from "
                + from.joined(separator: " and ") + ")"
        } else if values["SO_TICKET"] != nil {
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

    /// Every secret value, so output can be checked never to contain one (and scrubbed: `SecretRedactor`).
    public var secrets: [String] {
        var secrets = ["SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_PASSWORD", "SO_SYSTEM_USER_TOKEN", "SO_CLIENT_SECRET",
                       "SO_REFRESH_TOKEN"].compactMap { values[$0] }.filter { !$0.isEmpty }
        // the private key's lines, in case any part of it were ever echoed
        if case .success(let text)? = privateKeyText {
            secrets += text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.count >= 16 && !$0.hasPrefix("-----") }
        }
        return secrets
    }

    /// `text` without the spaces, tabs and line ends around it.
    private static func trimmed(_ text: some StringProtocol) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// The known key a name most likely means: the same letters but for underscores and case
    /// (`SO_BASEURL`, `so_ticket`), or one letter off (`SO_TICKT`). Nil for anything else.
    public static func meant(_ name: String) -> String? {
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
    private static func permissionWarning(_ path: String) -> String? {
        guard let fileMode = fileMode(atPath: path) else { return nil }
        let mode = Int(fileMode) & 0o777
        guard mode & 0o077 != 0 else { return nil }
        return "warning: the credentials file \(path) can be read by others (mode \(String(mode, radix: 8))); "
            + "restrict it with: chmod 600 \(path)"
    }

    /// Refuses the settings that would send work somewhere unintended: `SO_CONTEXT_ID` without
    /// `SO_ENVIRONMENT`, a credential (or a misspelt variable) without a server, a credentials file without a
    /// server. `baseURLFlag` stands for a base URL given otherwise (a flag).
    /// - Throws: ``SettingsError`` `.incompleteCredential` or `.credentialWithoutServer`.
    public func checkServer(baseURLFlag: String? = nil, credentialsFile: String? = nil) throws(SettingsError) {
        let typos = likelyTypos.map { "\($0.seen) is set: did you mean \($0.meant)?" }
        if values["SO_CONTEXT_ID"] != nil, values["SO_ENVIRONMENT"] == nil, baseURLFlag == nil, baseURL == nil {
            throw SettingsError(.incompleteCredential,
                "SO_CONTEXT_ID is set but SO_ENVIRONMENT is not: set SO_ENVIRONMENT to sod, qaonline, online or a login URL "
                    + "(or SO_BASE_URL to the tenant); nothing was sent")
        }
        if !hasServer(baseURLFlag: baseURLFlag), !credentialKeysSeen.isEmpty || !typos.isEmpty {
            var seen = credentialKeysSeen.map { "\($0) (from \(origins[$0] ?? "?"))" }
            seen += likelyTypos.map(\.seen)
            throw SettingsError(.credentialWithoutServer,
                "\(seen.joined(separator: ", ")) \(seen.count == 1 ? "is" : "are") set, but SO_BASE_URL is missing"
                    + (typos.isEmpty ? "" : " (" + typos.joined(separator: "; ") + ")")
                    + ". Set SO_BASE_URL to your tenant, e.g. https://sod2.superoffice.com/Cust12345/; "
                    + "nothing was sent, and a sandbox is used only when no credential is set")
        }
        if !hasServer(baseURLFlag: baseURLFlag), let credentialsFile {
            throw SettingsError(.credentialWithoutServer,
                "the credentials file \(credentialsFile) sets no SO_BASE_URL: add SO_BASE_URL=https://… to it; nothing was sent")
        }
    }

    /// The client configuration the settings name: the server (`baseURL` overrides `SO_BASE_URL`; an online
    /// tenant is looked up by the client) and the credential, renewing (system user, OAuth refresh) or static.
    /// Tune the rest (rate, timeouts) on the result.
    /// - Throws: ``SettingsError``: `.nothingConfigured` when neither a server nor a credential is set,
    ///   `.credentialWithoutServer`, `.noCredential`, `.incompleteCredential`, `.invalidValue`.
    public func clientConfiguration(baseURL override: String? = nil) throws(SettingsError) -> SuperOfficeClientConfiguration {
        try checkServer(baseURLFlag: override)
        let tenant = override ?? baseURL == nil ? try onlineTenant() : nil
        guard let baseURL = override ?? baseURL ?? (tenant != nil ? "" : nil) else {
            throw SettingsError(.nothingConfigured, "no server configured: set SO_BASE_URL (or SO_CONTEXT_ID and SO_ENVIRONMENT) and a credential")
        }
        var provider: (any CredentialProvider)? = try renewingProvider()
        if provider == nil { provider = try credentials() }
        guard let provider else {
            throw SettingsError(.noCredential,
                "no credential for \(tenant.map { "\($0)" } ?? baseURL): set SO_TICKET (+ SO_APP_TOKEN online), SO_BEARER_TOKEN, "
                    + "SO_USERNAME and SO_PASSWORD, the system user flow (SO_SYSTEM_USER_TOKEN, SO_PRIVATE_KEY_FILE, "
                    + "SO_CLIENT_SECRET, SO_PUBLIC_CERT_FILE) or OAuth refresh (SO_CLIENT_ID, SO_CLIENT_SECRET, SO_REFRESH_TOKEN)")
        }
        return SuperOfficeClientConfiguration(baseURL: baseURL, onlineTenant: tenant, credentialProvider: provider)
    }
}
