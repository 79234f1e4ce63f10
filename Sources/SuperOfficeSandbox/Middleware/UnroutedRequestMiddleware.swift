import HTTPTypes
import Hummingbird
import NIOCore

/// Answers the requests no route took, as ASP.NET does: 404 when the path names no resource the sandbox serves,
/// before any credential check; else, once the credentials pass, 405 with the methods the resource serves
/// in `Allow`. The router hands such a request to its middleware with no endpoint path.
struct UnroutedRequestMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// The resource paths alone, each answering GET with its `Allow` list: asked with a request's path as a
    /// GET, it tells which resource the path names whatever the request's method (and logs the project id).
    private let resources: RouterResponder<Context>

    init(routes: SandboxRoutes) {
        let router = Router(context: Context.self, options: .caseInsensitive)
        for resource in SandboxRoutes.Resource.allCases {
            router.get(routes.path(resource)) { _, context in
                context.logEntry.update { $0.projectId = SandboxRoutes.projectId(context) }
                return Response(status: .ok, headers: [.allow: resource.allow])
            }
        }
        resources = router.buildResponder()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.endpointPath == nil else { return try await next(request, context) }
        let asGet = Request(
            head: HTTPRequest(method: .get, scheme: request.head.scheme, authority: request.head.authority, path: request.head.path),
            body: RequestBody(buffer: ByteBuffer()))
        guard let allow = try await resources.respond(to: asGet, context: context).headers[.allow] else {
            throw WebAPIErrorResponse(404, type: "NotFound", message: "No HTTP resource was found that matches the request URI")
        }
        do {
            // the credential check, then the router's own not-found answer for the method
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw WebAPIErrorResponse(
                405, type: "MethodNotAllowed", message: "The requested resource does not support http method '\(request.method.rawValue)'",
                headers: [.allow: allow])
        }
    }
}
