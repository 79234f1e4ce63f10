import _CryptoExtras
import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs the JWT the sandbox's ticket exchange answers: RS256, issuer `SuperOffice AS`, the ticket in
/// `http://schemes.superoffice.net/identity/ticket`.
enum SandboxJWT {
    struct Claims: Encodable {
        var iss: String
        var aud: String
        var iat: Int
        var nbf: Int
        var exp: Int
        var ticket: String
        var contextIdentifier: String
        var webAPIURL: String

        enum CodingKeys: String, CodingKey {
            case iss, aud, iat, nbf, exp
            case ticket = "http://schemes.superoffice.net/identity/ticket"
            case contextIdentifier = "http://schemes.superoffice.net/identity/ctx"
            case webAPIURL = "http://schemes.superoffice.net/identity/webapi_url"
        }
    }

    static func sign(_ claims: Claims, with key: _RSA.Signing.PrivateKey) throws -> String {
        let header = SuperOfficeTokenVerifier.base64URL(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        let payload = SuperOfficeTokenVerifier.base64URL(try JSONEncoder().encode(claims))
        let signingInput = header + "." + payload
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + SuperOfficeTokenVerifier.base64URL(signature.rawRepresentation)
    }
}
