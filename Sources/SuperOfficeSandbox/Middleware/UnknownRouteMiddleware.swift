import Hummingbird

/// Answers a request whose path names no project-image resource with the WebAPI's 404, before any credential
/// check, as the real server does. The router hands such a request to its middleware with no endpoint path.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.endpointPath != nil else {
            throw WebAPIErrorResponse(404, type: "NotFound", message: "No HTTP resource was found that matches the request URI")
        }
        return try await next(request, context)
    }
}
