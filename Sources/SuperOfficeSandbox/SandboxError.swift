/// An error starting or running a sandbox.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable { case invalidConfiguration, bindFailed, invalidProjectCatalogue, unwritableFile }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The configuration is unusable (no accepted credentials, bad port, …).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server could not listen on the address.
        public static let bindFailed = Code(.bindFailed)
        /// A project catalogue (`SandboxProjectCatalogue`) is unusable: a bad CSV row or header, a repeated
        /// project id, an unreadable file; the message names the source and the line.
        public static let invalidProjectCatalogue = Code(.invalidProjectCatalogue)
        /// A file the sandbox hands out (the demo credentials file and its key and certificate) could not be
        /// written; `errno` says why.
        public static let unwritableFile = Code(.unwritableFile)

        /// The code's name.
        public var description: String { wrapped.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// What happened.
    public var message: String
    /// The `errno` of the system call that failed, when one did.
    public var errno: Int32?

    /// Makes an error.
    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// The message in plain words (no type name), e.g. `Could not serve on 127.0.0.1:8080: address already in use`.
    public var description: String { message }
}
