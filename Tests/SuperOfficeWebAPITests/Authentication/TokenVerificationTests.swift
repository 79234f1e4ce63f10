import _CryptoExtras
import Foundation
import SuperOfficeSandbox
@testable import SuperOfficeWebAPI
import Testing

@Suite("Verifying the login service's JWT")
struct TokenVerificationTests {
    struct Claims: Codable {
        var iss: String?
        var exp: Int?
        var nbf: Int?
        var ticket: String?

        enum CodingKeys: String, CodingKey {
            case iss, exp, nbf
            case ticket = "http://schemes.superoffice.net/identity/ticket"
        }
    }

    static let signingKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    static func token(
        _ claims: Claims, key: _RSA.Signing.PrivateKey = signingKey, header: String = #"{"alg":"RS256","typ":"JWT"}"#
    ) throws -> String {
        let input = SuperOfficeTokenVerifier.base64URL(Data(header.utf8)) + "."
            + SuperOfficeTokenVerifier.base64URL(try JSONEncoder().encode(claims))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + SuperOfficeTokenVerifier.base64URL(signature.rawRepresentation)
    }

    var now: Int { Int(Date().timeIntervalSince1970) }
    var verifier: SuperOfficeTokenVerifier { SuperOfficeTokenVerifier(publicKey: Self.signingKey.publicKey) }

    func refusal(_ token: String) -> String? {
        do {
            _ = try verifier.verify(token, as: Claims.self)
            return nil
        } catch {
            #expect(error.code == .unauthorized)
            return error.message
        }
    }

    @Test("a token SuperOffice signed yields its ticket claim")
    func accepted() throws {
        let token = try Self.token(Claims(iss: "SuperOffice AS", exp: now + 600, nbf: now - 5, ticket: "7T:abc"))
        #expect(try verifier.verify(token, as: Claims.self).ticket == "7T:abc")
    }

    @Test("a token signed by another key is refused")
    func wrongKey() throws {
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let token = try Self.token(Claims(iss: "SuperOffice AS", exp: now + 600, ticket: "7T:abc"), key: other)
        #expect(refusal(token)?.contains("signature") == true)
    }

    @Test("an expired token is refused")
    func expired() throws {
        let token = try Self.token(Claims(iss: "SuperOffice AS", exp: now - 3600, ticket: "7T:abc"))
        #expect(refusal(token)?.contains("expired") == true)
    }

    @Test("a token from another issuer is refused")
    func wrongIssuer() throws {
        let token = try Self.token(Claims(iss: "Somebody Else", exp: now + 600, ticket: "7T:abc"))
        #expect(refusal(token)?.contains("Somebody Else") == true)
    }

    @Test("alg none, HS256 and a tampered payload are refused")
    func tampered() throws {
        let claims = Claims(iss: "SuperOffice AS", exp: now + 600, ticket: "7T:abc")
        let good = try Self.token(claims)
        let parts = good.split(separator: ".")
        let none = SuperOfficeTokenVerifier.base64URL(Data(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        #expect(refusal(none) != nil)
        #expect(refusal(try Self.token(claims, header: #"{"alg":"HS256"}"#)) != nil)
        var forged = claims
        forged.ticket = "7T:someone-else"
        let swapped = parts[0] + "." + SuperOfficeTokenVerifier.base64URL(try JSONEncoder().encode(forged)) + "." + parts[2]
        #expect(refusal(swapped)?.contains("signature") == true)
        #expect(refusal("not a token") != nil)
    }

    @Test("the verifier reads a PEM certificate, a DER certificate and a PEM public key")
    func certificateForms() throws {
        let login = try SandboxLogin.generate()
        let pem = try SuperOfficeTokenVerifier(certificateFile: Array(login.certificatePEM.utf8))
        #expect(pem.publicKey.derRepresentation == login.signingKey.publicKey.derRepresentation)
        let body = login.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try SuperOfficeTokenVerifier(certificateFile: Array(try #require(Data(base64Encoded: body))))
        #expect(der.publicKey.derRepresentation == login.signingKey.publicKey.derRepresentation)
        let key = try SuperOfficeTokenVerifier(certificateFile: Array(login.signingKey.publicKey.pemRepresentation.utf8))
        #expect(key.publicKey.derRepresentation == login.signingKey.publicKey.derRepresentation)
        #expect(throws: WebAPIError.self) { try SuperOfficeTokenVerifier(certificateFile: Array("garbage".utf8)) }
    }
}
