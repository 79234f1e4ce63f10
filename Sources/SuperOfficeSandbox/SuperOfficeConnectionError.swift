public import SuperOfficeWebAPI

/// Why ``SuperOfficeConnection/open(settings:options:logger:)`` made no connection, with the error that caused it.
public struct SuperOfficeConnectionError: Error, Sendable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case invalidSettings, invalidBaseURL, insecureTransport, sandboxOptionMisplaced, invalidSandboxCatalogue
            case sandboxUnavailable, authenticationRefused, unreachable
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The settings are incomplete or contradict each other (``SuperOfficeConnectionError/settingsError`` says
        /// which), or the server refused the tenant lookup for another reason than the credential.
        public static let invalidSettings = Code(.invalidSettings)
        /// The base URL is not a usable URL.
        public static let invalidBaseURL = Code(.invalidBaseURL)
        /// Credentials would go over plain http, and ``SuperOfficeConnection/Options/allowInsecureHTTP`` is off.
        public static let insecureTransport = Code(.insecureTransport)
        /// An option for the embedded sandbox was given where none is used: a server is configured, or a dry run.
        public static let sandboxOptionMisplaced = Code(.sandboxOptionMisplaced)
        /// The embedded sandbox's project catalogue is unusable.
        public static let invalidSandboxCatalogue = Code(.invalidSandboxCatalogue)
        /// The embedded sandbox could not start (its data cannot be opened, nothing can listen on loopback).
        public static let sandboxUnavailable = Code(.sandboxUnavailable)
        /// The server refused the credential (HTTP 401) when it was tried.
        public static let authenticationRefused = Code(.authenticationRefused)
        /// The server (or the tenant lookup) could not be reached, kept failing, or says the tenant is not running.
        public static let unreachable = Code(.unreachable)

        /// The code's name.
        public var description: String { wrapped.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// What happened, with no secret in it.
    public var message: String
    /// The settings error behind ``Code/invalidSettings``.
    public var settingsError: SettingsError?
    /// The sandbox's error behind ``Code/sandboxUnavailable`` and ``Code/invalidSandboxCatalogue``.
    public var sandboxError: SandboxError?
    /// The client's error behind the WebAPI codes (``Code/authenticationRefused``, ``Code/unreachable``, …).
    public var webAPIError: WebAPIError?

    /// Makes an error.
    public init(_ code: Code, _ message: String, settings: SettingsError? = nil, sandbox: SandboxError? = nil, webAPI: WebAPIError? = nil) {
        self.code = code
        self.message = message
        settingsError = settings
        sandboxError = sandbox
        webAPIError = webAPI
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
