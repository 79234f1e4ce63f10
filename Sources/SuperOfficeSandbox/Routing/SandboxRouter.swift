import Hummingbird
import Logging

/// Builds the sandbox's router: case-insensitive routes as ASP.NET matches them, one handler per operation,
/// behind the request log, fault injection and authentication.
///
/// A request passes, in order: `RequestLogMiddleware` (every request is logged), `FaultInjectionMiddleware`
/// (counted, delayed, maybe faulted), `UnknownRouteMiddleware` (404 for a path no route takes, before any
/// credential check), `AuthenticationMiddleware` (401), then the operation's handler, or 405 for a method the
/// resource does not serve.
enum SandboxRouter {
    typealias Handler = @Sendable (Request, SandboxRequestContext) async throws -> Response

    static func make(configuration: SandboxConfiguration, state: SandboxState, logger: Logger) -> Router<SandboxRequestContext> {
        let routes = SandboxRoutes(sitePath: configuration.sitePath)
        let log = SandboxRequestLog(state: state, logger: logger)
        let projects = ProjectLookup(knownProjects: configuration.knownProjects)

        let router = Router(context: SandboxRequestContext.self, options: .caseInsensitive)
        router.add(middleware: RequestLogMiddleware(routes: routes, log: log))
        router.add(middleware: FaultInjectionMiddleware(state: state, log: log))
        router.add(middleware: UnknownRouteMiddleware())
        router.add(middleware: AuthenticationMiddleware(accepted: configuration.acceptedCredentials, mode: configuration.mode))

        let answers = ImageInfoAnswerEncoder(associate: configuration.associate)
        let limit = configuration.maxUploadBytes
        func handler(_ operation: SandboxOperation, of resource: SandboxRoutes.Resource) -> Handler {
            switch operation {
            case .getImage: GetImageHandler(state: state, projects: projects).handle
            case .uploadImage: UploadImageHandler(state: state, projects: projects, maxBodyBytes: limit).handle
            case .deleteImage: DeleteImageHandler(state: state, projects: projects).handle
            case .getImageInfo: GetImageInfoHandler(state: state, projects: projects, answers: answers).handle
            case .putImageInfo: PutImageInfoHandler(state: state, projects: projects, answers: answers, maxBodyBytes: limit).handle
            case .unknown: MethodNotAllowedHandler(allow: resource.allow).handle
            }
        }

        for resource in SandboxRoutes.Resource.allCases {
            let path = routes.path(resource)
            for (method, operation) in resource.operations {
                router.on(path, method: method, use: handler(operation, of: resource))
            }
            let served = Set(resource.operations.map(\.key))
            let notAllowed = MethodNotAllowedHandler(allow: resource.allow)
            for method in SandboxRoutes.standardMethods where !served.contains(method) {
                router.on(path, method: method, use: notAllowed.handle)
            }
        }
        return router
    }
}
