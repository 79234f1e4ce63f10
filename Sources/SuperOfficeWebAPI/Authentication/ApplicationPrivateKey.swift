public import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The partner application's RSA private key, read from the forms people have it in: PEM (PKCS#1
/// `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`) or the .NET XML form SuperOffice's developer
/// portal hands out (`<RSAKeyValue><Modulus>…</Modulus>…<D>…</D></RSAKeyValue>`).
///
/// Its descriptions are redacted.
public struct ApplicationPrivateKey: Sendable, CustomStringConvertible {
    /// The key, for signing.
    public let key: _RSA.Signing.PrivateKey

    /// Reads a key from the text of a key file.
    /// - Throws: `WebAPIError.Code.invalidConfiguration`, saying which form was expected (never echoing the text).
    public init(text: String) throws(WebAPIError) {
        let trimmed = String(text.drop { $0.isWhitespace })
        do {
            if trimmed.hasPrefix("<") {
                key = try Self.fromXML(trimmed)
            } else if trimmed.contains("-----BEGIN") {
                key = try _RSA.Signing.PrivateKey(pemRepresentation: trimmed)
            } else {
                throw WebAPIError(
                    code: .invalidConfiguration,
                    message: "The private key is neither PEM (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----) "
                        + "nor the XML form <RSAKeyValue>…</RSAKeyValue>", attempts: 0)
            }
        } catch let error as WebAPIError {
            throw error
        } catch {
            throw WebAPIError(
                code: .invalidConfiguration, message: "The private key could not be read: \(Self.reason(error))", attempts: 0)
        }
    }

    /// Wraps a key already in memory.
    public init(_ key: _RSA.Signing.PrivateKey) {
        self.key = key
    }

    /// `ApplicationPrivateKey(<redacted>, 2048 bits)`.
    public var description: String { "ApplicationPrivateKey(<redacted>, \(key.keySizeInBits) bits)" }

    /// The XML form: base64 big-endian integers in `Modulus`, `Exponent`, `D`, `P`, `Q` (`DP`, `DQ` and
    /// `InverseQ` are derived again from these).
    private static func fromXML(_ text: String) throws -> _RSA.Signing.PrivateKey {
        func element(_ name: String) throws(WebAPIError) -> Data {
            guard let open = text.firstRange(of: "<\(name)>"), let close = text[open.upperBound...].firstRange(of: "</\(name)>")
            else {
                throw WebAPIError(
                    code: .invalidConfiguration, message: "The XML private key has no <\(name)> element", attempts: 0)
            }
            let base64 = text[open.upperBound..<close.lowerBound].filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: String(base64)), !data.isEmpty else {
                throw WebAPIError(
                    code: .invalidConfiguration, message: "The XML private key's <\(name)> is not base64", attempts: 0)
            }
            return data
        }
        guard text.contains("<RSAKeyValue>") else {
            throw WebAPIError(code: .invalidConfiguration, message: "The XML private key is not an <RSAKeyValue>", attempts: 0)
        }
        return try _RSA.Signing.PrivateKey(
            n: element("Modulus"), e: element("Exponent"), d: element("D"), p: element("P"), q: element("Q"))
    }

    /// The reason of a CryptoKit error, without echoing key material.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
