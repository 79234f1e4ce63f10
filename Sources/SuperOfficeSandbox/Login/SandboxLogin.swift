public import _CryptoExtras
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SuperOffice Online's login side, as the sandbox plays it: the system-user ticket exchange, the OAuth
/// token endpoint (refresh grant) and the tenant-state endpoint, with tickets and access tokens that expire.
///
/// `generate(contextIdentifier:)` makes a complete set: the application's key pair and client credentials,
/// a system user token, a refresh token, and the sandbox's own signing key with its self-signed certificate
/// (what a client verifies the answered JWT with, as it would SuperOffice's certificate).
public struct SandboxLogin: Sendable {
    /// The tenant, e.g. `Cust12345` (also the sandbox's site path).
    public var contextIdentifier: String
    /// The system user token the tenant issued to the application.
    public var systemUserToken: String
    /// The application's public key, to check signed system user tokens with.
    public var applicationPublicKey: _RSA.Signing.PublicKey
    /// The application's private key (handed to the demo credentials; the sandbox itself never uses it).
    public var applicationPrivateKey: _RSA.Signing.PrivateKey
    /// The application's client id.
    public var clientId: String
    /// The application's client secret (`ApplicationToken`, `SO-AppToken`, `client_secret`).
    public var clientSecret: String
    /// The refresh tokens accepted.
    public var refreshTokens: Set<String>
    /// The key the sandbox signs its JWTs with.
    public var signingKey: _RSA.Signing.PrivateKey
    /// The certificate of `signingKey`, in PEM.
    public var certificatePEM: String
    /// How long an issued ticket is accepted (SuperOffice: 6 hours, sliding; the sandbox counts from issue, so
    /// that expiry is met under load).
    public var ticketLifetime: Duration
    /// How long an issued access token is accepted (`expires_in`).
    public var tokenLifetime: Duration
    /// How far a signed token's `yyyyMMddHHmm` may lie from the sandbox's clock.
    public var timestampWindow: Duration
    /// The tenant's `State`; anything but `Running` and `OnlineMaintenance` answers `IsRunning: false`.
    public var tenantState: String

    /// A fresh set of keys, tokens and secrets for `contextIdentifier`.
    /// - Throws: when a key pair or the certificate cannot be made.
    public static func generate(
        contextIdentifier: String = "Cust12345", ticketLifetime: Duration = .seconds(6 * 3600),
        tokenLifetime: Duration = .seconds(3600)
    ) throws -> SandboxLogin {
        let application = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let signing = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return SandboxLogin(
            contextIdentifier: contextIdentifier,
            systemUserToken: "image-ingest-sandbox-" + randomHex(16),
            applicationPublicKey: application.publicKey, applicationPrivateKey: application,
            clientId: randomHex(16), clientSecret: randomHex(32), refreshTokens: ["8R:" + randomHex(24)],
            signingKey: signing, certificatePEM: try selfSignedCertificate(signing),
            ticketLifetime: ticketLifetime, tokenLifetime: tokenLifetime, timestampWindow: .seconds(600),
            tenantState: "Running")
    }

    /// Makes a login side from its parts.
    public init(
        contextIdentifier: String, systemUserToken: String, applicationPublicKey: _RSA.Signing.PublicKey,
        applicationPrivateKey: _RSA.Signing.PrivateKey, clientId: String, clientSecret: String, refreshTokens: Set<String>,
        signingKey: _RSA.Signing.PrivateKey, certificatePEM: String, ticketLifetime: Duration, tokenLifetime: Duration,
        timestampWindow: Duration, tenantState: String
    ) {
        self.contextIdentifier = contextIdentifier
        self.systemUserToken = systemUserToken
        self.applicationPublicKey = applicationPublicKey
        self.applicationPrivateKey = applicationPrivateKey
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshTokens = refreshTokens
        self.signingKey = signingKey
        self.certificatePEM = certificatePEM
        self.ticketLifetime = ticketLifetime
        self.tokenLifetime = tokenLifetime
        self.timestampWindow = timestampWindow
        self.tenantState = tenantState
    }

    /// Whether the tenant serves requests, as SuperOffice's state endpoint says it.
    var isRunning: Bool { tenantState == "Running" || tenantState == "OnlineMaintenance" }

    /// A self-signed certificate for `key`, as SuperOffice publishes one per environment.
    static func selfSignedCertificate(_ key: _RSA.Signing.PrivateKey) throws -> String {
        let privateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName {
            OrganizationName("SuperOffice AS")
            CommonName("image-ingest-sandbox federated login")
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 3 * 365 * 86400, issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(), issuerPrivateKey: privateKey)
        return try certificate.serializeAsPEM().pemString
    }

    /// Random lower-case hex digits.
    static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in
            let value = String(UInt8.random(in: .min ... .max), radix: 16)
            return value.count == 1 ? "0" + value : value
        }.joined()
    }
}
