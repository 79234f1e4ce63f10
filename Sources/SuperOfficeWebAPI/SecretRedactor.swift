/// Replaces every secret value found in a text with `<redacted>`.
///
/// The one redactor of the package: the client passes its messages through it, and the command line its
/// output. A second line of defence: messages never hold a credential in the first place.
package struct SecretRedactor: Sendable {
    /// The values to hide (shorter than three characters they would match ordinary text, and are not kept).
    package let secrets: [String]

    /// A redactor of these values.
    package init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 3 }
    }

    /// A redactor of every secret `credentials` carries (for Basic, the encoded header value too).
    package init(credentials: Credentials) {
        self.init(secrets: credentials.secrets)
    }

    /// `text` with every secret replaced by `<redacted>`.
    package func callAsFunction(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacing(secret, with: "<redacted>") }
        return result
    }
}
