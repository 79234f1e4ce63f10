import HTTPTypes
import Hummingbird

/// A method a project-image resource does not serve: 405 with the methods it does in `Allow`.
struct MethodNotAllowedHandler: Sendable {
    /// E.g. `GET, PUT`.
    let allow: String

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        throw WebAPIErrorResponse(
            405, type: "MethodNotAllowed", message: "The requested resource does not support http method '\(request.method.rawValue)'",
            headers: [.allow: allow])
    }
}
