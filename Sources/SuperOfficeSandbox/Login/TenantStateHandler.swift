import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// `GET api/state/{ContextId}`: the tenant's state and its `Endpoint` (the sandbox's own tenant URL).
struct TenantStateHandler: Sendable {
    let login: SandboxLogin
    /// The endpoint answered: the tenant path the sandbox serves, on the host the request named.
    let sitePath: String

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        guard let asked = context.parameters.get("contextId"), asked.lowercased() == login.contextIdentifier.lowercased() else {
            throw WebAPIErrorResponse(404, type: "NotFound", message: "Unknown tenant")
        }
        let host = request.head.authority ?? "127.0.0.1"
        let endpoint = "http://\(host)/" + sitePath
        context.logEntry.applied()
        return .json(.ok, SandboxWireFormat.json(TenantState(
            contextIdentifier: login.contextIdentifier, endpoint: endpoint, state: login.tenantState,
            isRunning: login.isRunning, validUntil: nil, api: endpoint + "/api", version: "sandbox")))
    }
}
