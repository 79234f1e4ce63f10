import _CryptoExtras

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Signs a system user token as SuperOffice's PartnerSystemUser service expects it:
/// `TOKEN.yyyyMMddHHmm.SIGNATURE`, where the time is UTC and zero-padded and the signature is RSA-SHA256
/// (PKCS#1 v1.5) over `TOKEN.yyyyMMddHHmm`, in base64.
public struct SystemUserTokenSigner: Sendable {
    /// The application's private key.
    public let privateKey: ApplicationPrivateKey

    /// A signer with this key.
    public init(privateKey: ApplicationPrivateKey) {
        self.privateKey = privateKey
    }

    /// The signed token for `systemUserToken` at `date`.
    /// - Throws: `WebAPIError.Code.invalidConfiguration` when the key cannot sign.
    public func signedToken(_ systemUserToken: String, at date: Date = Date()) throws(WebAPIError) -> String {
        let payload = systemUserToken + "." + Self.timestamp(date)
        do {
            let signature = try privateKey.key.signature(for: Data(payload.utf8), padding: .insecurePKCS1v1_5)
            return payload + "." + signature.rawRepresentation.base64EncodedString()
        } catch {
            throw WebAPIError(
                code: .invalidConfiguration,
                message: "The system user token could not be signed: \(ApplicationPrivateKey.reason(error))", attempts: 0)
        }
    }

    /// `yyyyMMddHHmm` in UTC, e.g. `202611292305`.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + pad(parts.hour, 2) + pad(parts.minute, 2)
    }
}
