import _CryptoExtras
import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `POST Login/api/PartnerSystemUser/Authenticate`: checks the signed system user token (the application's
/// signature over `TOKEN.yyyyMMddHHmm`, the timestamp within the window), the application token and the
/// tenant, and answers `{"IsSuccessful", "Token", "ErrorMessage"}` with a JWT carrying a fresh ticket.
/// A refusal is `IsSuccessful: false` with the reason, as SuperOffice answers it.
struct AuthenticateHandler: Sendable {
    let login: SandboxLogin
    let issued: IssuedCredentials

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = try await request.bodyBytes(upTo: 64 * 1024)
        guard let asked = try? JSONDecoder().decode(AuthenticateRequest.self, from: Data(body)) else {
            return refusal("The request is not the JSON expected (SignedSystemToken, ApplicationToken, ContextIdentifier)")
        }
        guard asked.contextIdentifier == login.contextIdentifier else { return refusal("Unknown context identifier") }
        guard asked.applicationToken == login.clientSecret else { return refusal("The application token is not valid") }
        if let why = check(signedToken: asked.signedSystemToken) { return refusal(why) }
        let ticket = await issued.issueTicket(lifetime: login.ticketLifetime)
        let now = Int(Date().timeIntervalSince1970)
        let host = request.head.authority ?? "127.0.0.1"
        let claims = SandboxJWT.Claims(
            iss: SuperOfficeTokenVerifier.superOfficeIssuer, aud: "spn:" + login.clientId, iat: now, nbf: now - 5,
            exp: now + Int(login.ticketLifetime.components.seconds) + 1, ticket: ticket,
            contextIdentifier: login.contextIdentifier, webAPIURL: "http://\(host)/\(login.contextIdentifier)/api/")
        let token = try SandboxJWT.sign(claims, with: login.signingKey)
        context.logEntry.applied()
        return .json(.ok, SandboxWireFormat.json(AuthenticateAnswer(isSuccessful: true, token: token, errorMessage: nil)))
    }

    /// Why the signed token is refused, or nil when it is good.
    func check(signedToken: String) -> String? {
        let parts = signedToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return "The signed system token is not TOKEN.yyyyMMddHHmm.SIGNATURE" }
        let signatureText = String(parts[parts.count - 1])
        let stamp = String(parts[parts.count - 2])
        let token = parts[0..<(parts.count - 2)].joined(separator: ".")
        guard token == login.systemUserToken else { return "The system user token is not valid" }
        guard let signature = Data(base64Encoded: signatureText),
              login.applicationPublicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data((token + "." + stamp).utf8),
                padding: .insecurePKCS1v1_5)
        else { return "The signature of the system user token does not verify with the application's public key" }
        let window = Double(login.timestampWindow.components.seconds)
        guard let signedAt = Self.parse(stamp), abs(signedAt.timeIntervalSinceNow) <= window + 60 else {
            return "The system user token's timestamp \(stamp) is outside the accepted window"
        }
        return nil
    }

    private func refusal(_ message: String) -> Response {
        .json(.ok, SandboxWireFormat.json(AuthenticateAnswer(isSuccessful: false, token: nil, errorMessage: message)))
    }

    /// `yyyyMMddHHmm` in UTC.
    static func parse(_ stamp: String) -> Date? {
        guard stamp.count == 12, stamp.allSatisfy(\.isNumber) else { return nil }
        let digits = Array(stamp)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(4..<6)
        components.day = number(6..<8)
        components.hour = number(8..<10)
        components.minute = number(10..<12)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
