/// Why the settings in an environment (and a credentials file) cannot configure a client: a stable code, and a
/// message that names the variables involved, never their values.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable reason; compare with `==` against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The credentials file cannot be read.
        public static let unreadableFile = Code("unreadableFile")
        /// A line of the credentials file is not `KEY=VALUE`, or names a key that does not exist.
        public static let malformedFile = Code("malformedFile")
        /// A credential (or a misspelt variable) is set but no server is: nothing may fall back to a sandbox.
        public static let credentialWithoutServer = Code("credentialWithoutServer")
        /// A server is set but no credential for it.
        public static let noCredential = Code("noCredential")
        /// Part of a credential is set without the rest (`SO_USERNAME` without `SO_PASSWORD`, a flow missing a key).
        public static let incompleteCredential = Code("incompleteCredential")
        /// A value cannot be used (`SO_ENVIRONMENT`, a key or certificate file, the base URL).
        public static let invalidValue = Code("invalidValue")
        /// No server and no credential: nothing to connect to.
        public static let nothingConfigured = Code("nothingConfigured")
    }

    /// The stable reason.
    public var code: Code
    /// What is wrong and what fixes it, naming variables, never their values.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
