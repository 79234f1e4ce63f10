import Hummingbird

/// The project a request's path names, when it exists: a positive 32-bit id, one of the catalogue's when a
/// catalogue is configured (`SandboxConfiguration.projects`), and one of the configured projects when a set
/// is configured (`SandboxConfiguration.knownProjects`); else the WebAPI's 404.
struct ProjectLookup: Sendable {
    let projects: SandboxProjects

    func projectId(_ context: SandboxRequestContext) throws(WebAPIErrorResponse) -> Int {
        guard let projectId = SandboxRoutes.projectId(context), projects.exists(projectId) else {
            throw Self.notFound(context)
        }
        return projectId
    }

    /// `Project id … not found`, naming the id as written in the path.
    static func notFound(_ context: SandboxRequestContext) -> WebAPIErrorResponse {
        let segment = context.parameters.get(SandboxRoutes.projectIdParameter) ?? ""
        return WebAPIErrorResponse(404, type: "SoNotFoundException", message: "Project id \(segment) not found")
    }
}
