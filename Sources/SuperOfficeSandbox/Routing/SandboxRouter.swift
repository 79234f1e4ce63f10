import Hummingbird
import Logging

/// Builds the sandbox's router: case-insensitive routes as ASP.NET matches them, one handler per operation,
/// behind the request log, fault injection and authentication.
///
/// A request passes, in order: `RequestLogMiddleware` (every request is logged), `FaultInjectionMiddleware`
/// (counted, delayed, maybe faulted), `UnroutedRequestMiddleware` (for a request no route took: 404 when its
/// path names no resource, before any credential check, else 405 after it), `AuthenticationMiddleware` (401),
/// then the operation's handler.
enum SandboxRouter {
    typealias Handler = @Sendable (Request, SandboxRequestContext) async throws -> Response

    static func make(
        configuration: SandboxConfiguration, state: SandboxState, issued: IssuedCredentials, logger: Logger
    ) -> Router<SandboxRequestContext> {
        let routes = SandboxRoutes(sitePath: configuration.sitePath)
        let log = SandboxRequestLog(state: state, logger: logger)
        let directory = SandboxProjects(catalogue: configuration.projects, knownProjects: configuration.knownProjects)
        let projects = ProjectLookup(projects: directory)

        let router = Router(context: SandboxRequestContext.self, options: .caseInsensitive)
        router.add(middleware: RequestLogMiddleware(routes: routes, log: log))
        router.add(middleware: FaultInjectionMiddleware(state: state, log: log))
        router.add(middleware: UnroutedRequestMiddleware(routes: routes))
        router.add(middleware: AuthenticationMiddleware(
            accepted: configuration.acceptedCredentials, mode: configuration.mode,
            login: configuration.login.map { ($0, issued) }))

        let answers = ImageInfoAnswerEncoder(associate: configuration.associate)
        let limit = configuration.maxUploadBytes
        func handler(_ operation: SandboxOperation) -> Handler? {
            switch operation {
            case .getImage: GetImageHandler(state: state, projects: projects).handle
            case .uploadImage: UploadImageHandler(state: state, projects: projects, maxBodyBytes: limit).handle
            case .deleteImage: DeleteImageHandler(state: state, projects: projects).handle
            case .getImageInfo: GetImageInfoHandler(state: state, projects: projects, answers: answers).handle
            case .putImageInfo: PutImageInfoHandler(state: state, projects: projects, answers: answers, maxBodyBytes: limit).handle
            case .listProjects: ProjectListHandler(projects: directory, sitePath: routes.sitePathText).handle
            case .getForeignKey: ForeignKeyHandler(projects: directory).handle
            case .getProjectForeignKeys: ProjectForeignKeysHandler(projects: projects).handle
            case .authenticate, .oauthToken, .tenantState, .picturesPage, .picture, .unknown: nil
            }
        }

        for resource in SandboxRoutes.Resource.allCases {
            for (method, operation) in resource.operations {
                if let handler = handler(operation) { router.on(routes.path(resource), method: method, use: handler) }
            }
        }
        router.get("/", use: PicturesPageHandler(state: state, projects: directory).handle)
        router.get("_sandbox/pictures/:projectId", use: PictureHandler(state: state).handle)
        if let login = configuration.login {
            for endpoint in SandboxRoutes.LoginEndpoint.allCases {
                let handle: Handler = switch endpoint {
                case .authenticate: AuthenticateHandler(login: login, issued: issued).handle
                case .oauthToken: OAuthTokenHandler(login: login, issued: issued).handle
                case .tenantState: TenantStateHandler(login: login, sitePath: routes.sitePathText).handle
                }
                router.on(endpoint.path, method: endpoint.method, use: handle)
            }
        }
        return router
    }
}
