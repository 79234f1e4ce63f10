import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// `POST login/common/oauth/tokens` with `grant_type=refresh_token`: checks the client and the refresh
/// token, and answers a fresh access token with `expires_in`; a refusal is 400 with an OAuth `error`.
struct OAuthTokenHandler: Sendable {
    let login: SandboxLogin
    let issued: IssuedCredentials

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = try await request.bodyBytes(upTo: 64 * 1024)
        let fields = FormEncoding.decode(String(decoding: body, as: UTF8.self))
        guard fields["grant_type"] == "refresh_token" else {
            return refusal(400, "unsupported_grant_type", "Only grant_type=refresh_token is served")
        }
        guard fields["client_id"] == login.clientId, fields["client_secret"] == login.clientSecret else {
            return refusal(401, "invalid_client", "Unknown client or wrong client secret")
        }
        guard let refreshToken = fields["refresh_token"], login.refreshTokens.contains(refreshToken),
              await !issued.isRevoked(refreshToken: refreshToken)
        else { return refusal(400, "invalid_grant", "The refresh token is not valid or was revoked") }
        let lifetime = login.tokenLifetime
        let token = await issued.issueAccessToken(contextIdentifier: login.contextIdentifier, lifetime: lifetime)
        context.logEntry.applied()
        let seconds = Int(max(1, lifetime.components.seconds))
        return .json(.ok, SandboxWireFormat.json(
            OAuthTokenAnswer(accessToken: token, tokenType: "Bearer", expiresIn: seconds, refreshToken: nil)))
    }

    private func refusal(_ status: Int, _ error: String, _ description: String) -> Response {
        .json(.init(code: status), SandboxWireFormat.json(OAuthErrorAnswer(error: error, errorDescription: description)))
    }
}
