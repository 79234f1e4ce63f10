import _CryptoExtras
import LibC

extension SandboxLogin {
    /// Which sign-in a credentials file from ``writeCredentialsFile(at:loginURL:flow:)`` sets up.
    public enum CredentialsFlow: String, Sendable, CaseIterable {
        /// A system user: the signed system user token exchanged for a ticket (`SO_SYSTEM_USER_TOKEN`).
        case systemUser = "system-user"
        /// OAuth: a refresh token exchanged for access tokens (`SO_REFRESH_TOKEN`).
        case oauth
    }

    /// Writes a credentials file for this login side, in the `KEY=VALUE` form `SuperOfficeSettings` reads
    /// (`image-ingest import --credentials-file PATH`), with the application's private key and the sandbox's
    /// certificate beside it (`PATH.key.pem`, `PATH.cert.pem`); all three readable by their owner only (mode 600),
    /// replacing files of those names. The paths inside are absolute, so the file works from any folder.
    /// - Parameters:
    ///   - path: The credentials file.
    ///   - loginURL: The sandbox's login side (`SandboxServer.loginURL`), written as `SO_ENVIRONMENT`.
    ///   - flow: Which sign-in the file sets up.
    /// - Throws: ``SandboxError`` with code `unwritableFile` and the `errno`.
    public func writeCredentialsFile(at path: String, loginURL: String, flow: CredentialsFlow) throws(SandboxError) {
        let absolute: String
        if path.hasPrefix("/") {
            absolute = path
        } else {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buffer, buffer.count) != nil else {
                throw SandboxError(code: .unwritableFile, message: "cannot tell the current folder", errno: errno)
            }
            absolute = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
        }
        let keyPath = absolute + ".key.pem"
        let certificatePath = absolute + ".cert.pem"
        try Self.writePrivate(applicationPrivateKey.pemRepresentation + "\n", to: keyPath)
        try Self.writePrivate(certificatePEM + "\n", to: certificatePath)
        var lines = [
            "# image-ingest demo credentials for the sandbox at \(loginURL) (\(flow.rawValue)); not for a real tenant",
            "SO_CONTEXT_ID=\(contextIdentifier)",
            "SO_ENVIRONMENT=\(loginURL)",
            "SO_CLIENT_SECRET=\(clientSecret)",
        ]
        switch flow {
        case .systemUser:
            lines += ["SO_SYSTEM_USER_TOKEN=\(systemUserToken)", "SO_PRIVATE_KEY_FILE=\(keyPath)", "SO_PUBLIC_CERT_FILE=\(certificatePath)"]
        case .oauth:
            lines += ["SO_CLIENT_ID=\(clientId)", "SO_REFRESH_TOKEN=\(refreshTokens.sorted()[0])"]
        }
        try Self.writePrivate(lines.joined(separator: "\n") + "\n", to: path)
    }

    /// Writes `text` to a new file at `path` (removing one there) that only its owner can read.
    private static func writePrivate(_ text: String, to path: String) throws(SandboxError) {
        func failure(_ code: Int32) -> SandboxError {
            SandboxError(code: .unwritableFile, message: "cannot write \(path): \(String(cString: strerror(code)))", errno: code)
        }
        if unlink(path) != 0, errno != ENOENT { throw failure(errno) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if wrote < 0, errno == EINTR { continue }
            guard wrote > 0 else { throw failure(wrote < 0 ? errno : EIO) }
            offset += wrote
        }
    }
}
