/// Replaces every secret value found in a text with `<redacted>`.
///
/// The one redactor of the package: the client passes its messages through it, the command line its
/// output, and a service may pass its own (`SuperOfficeSettings.secrets` holds the values). A second line of
/// defence: messages never hold a credential in the first place.
public struct SecretRedactor: Sendable {
    /// The values to hide (shorter than three characters they would match ordinary text, and are not kept).
    public let secrets: [String]

    /// A redactor of these values.
    public init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 3 }
    }

    /// A redactor of every secret `credentials` carries (for Basic, the encoded header value too).
    public init(credentials: Credentials) {
        self.init(secrets: credentials.secrets)
    }

    /// `text` with every secret replaced by `<redacted>`.
    public func callAsFunction(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacing(secret, with: "<redacted>") }
        return result
    }
}
