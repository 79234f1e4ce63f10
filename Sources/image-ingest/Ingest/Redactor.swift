import Foundation

/// Replaces any secret value that might have slipped into a message with `<redacted>`.
/// A second line of defence: the library's messages never hold credentials in the first place.
struct Redactor: Sendable {
    let secrets: [String]

    func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }
}
