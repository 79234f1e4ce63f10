public import _CryptoExtras
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Verifies a JWT that SuperOffice's login service signed (RS256) before any claim in it is trusted.
///
/// Checked: the header names `RS256` (nothing else is accepted, `none` least of all), the signature verifies
/// with the environment's public key, the issuer is `expectedIssuer`, and the token is within its `nbf` and
/// `exp` (with `clockSkew` of leeway).
///
/// RS256 is verified with swift-crypto directly rather than with a JWT library: one algorithm, one key, and a
/// handful of claims are all this needs, and the key comes from an X.509 certificate that swift-certificates
/// reads already.
public struct SuperOfficeTokenVerifier: Sendable {
    /// The issuer SuperOffice writes into its tokens.
    public static let superOfficeIssuer = "SuperOffice AS"

    /// The key signatures are checked with.
    public let publicKey: _RSA.Signing.PublicKey
    /// The `iss` a token must carry.
    public var expectedIssuer: String
    /// Leeway on `exp` and `nbf` for clocks that disagree.
    public var clockSkew: Duration

    /// A verifier with a key already in memory.
    public init(publicKey: _RSA.Signing.PublicKey, expectedIssuer: String = superOfficeIssuer, clockSkew: Duration = .seconds(60)) {
        self.publicKey = publicKey
        self.expectedIssuer = expectedIssuer
        self.clockSkew = clockSkew
    }

    /// A verifier from the bytes of a certificate file: an X.509 certificate in PEM or DER (SuperOffice's
    /// `SuperOfficeFederatedLogin.crt` for the environment), or a PEM public key.
    /// - Throws: `WebAPIError.Code.invalidConfiguration` when the file holds no RSA key.
    public init(certificateFile bytes: [UInt8], expectedIssuer: String = superOfficeIssuer) throws(WebAPIError) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            if text.contains("-----BEGIN PUBLIC KEY-----") || text.contains("-----BEGIN RSA PUBLIC KEY-----") {
                publicKey = try _RSA.Signing.PublicKey(pemRepresentation: text)
            } else {
                let certificate = text.contains("-----BEGIN CERTIFICATE-----")
                    ? try Certificate(pemEncoded: text) : try Certificate(derEncoded: bytes)
                guard let key = _RSA.Signing.PublicKey(certificate.publicKey) else {
                    throw WebAPIError(
                        code: .invalidConfiguration, message: "The certificate's public key is not an RSA key", attempts: 0)
                }
                publicKey = key
            }
        } catch let error as WebAPIError {
            throw error
        } catch {
            throw WebAPIError(
                code: .invalidConfiguration,
                message: "The public certificate could not be read (expected an X.509 certificate in PEM or DER, "
                    + "or a PEM public key): \(ApplicationPrivateKey.reason(error))", attempts: 0)
        }
        self.expectedIssuer = expectedIssuer
        self.clockSkew = .seconds(60)
    }

    /// Verifies `token` and decodes its claims as `Claims`.
    /// - Throws: `WebAPIError.Code.unauthorized` naming what failed (never echoing the token).
    public func verify<Claims: Decodable>(_ token: String, as claims: Claims.Type, now: Date = Date()) throws(WebAPIError) -> Claims {
        func refused(_ why: String) -> WebAPIError {
            WebAPIError(code: .unauthorized, message: "The login service's token was refused: \(why)", attempts: 0)
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.base64URL(parts[0]), let payloadBytes = Self.base64URL(parts[1]),
              let signatureBytes = Self.base64URL(parts[2])
        else { throw refused("it is not a JWT") }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerBytes), header.alg == "RS256" else {
            throw refused("it is not signed with RS256")
        }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        guard publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signatureBytes), for: signed, padding: .insecurePKCS1v1_5)
        else { throw refused("its signature does not verify with the public certificate (SO_PUBLIC_CERT_FILE)") }
        let registered: RegisteredClaims
        do {
            registered = try JSONDecoder().decode(RegisteredClaims.self, from: payloadBytes)
        } catch {
            throw refused("its claims are not JSON")
        }
        guard registered.iss == expectedIssuer else {
            throw refused("it was issued by \(registered.iss.map { "'\($0)'" } ?? "nobody"), not '\(expectedIssuer)'")
        }
        let skew = Double(clockSkew.components.seconds)
        let seconds = now.timeIntervalSince1970
        if let exp = registered.exp, seconds > exp + skew { throw refused("it has expired") }
        if let nbf = registered.nbf, seconds + skew < nbf { throw refused("it is not valid yet") }
        do {
            return try JSONDecoder().decode(Claims.self, from: payloadBytes)
        } catch {
            throw refused("its claims are not the ones expected")
        }
    }

    private struct Header: Decodable {
        var alg: String
    }

    private struct RegisteredClaims: Decodable {
        var iss: String?
        var exp: Double?
        var nbf: Double?
    }

    /// Decodes base64url without padding (RFC 7515 §2).
    static func base64URL(_ text: Substring) -> Data? {
        var base64 = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// Encodes base64url without padding.
    package static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
