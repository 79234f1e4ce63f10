import HTTPTypes
import Hummingbird

/// `DELETE api/v1/Project/{id}/Image`: removes the project's picture; 204.
struct DeleteImageHandler: Sendable {
    let state: SandboxState
    let projects: ProjectLookup

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let projectId = try projects.projectId(context)
        try await state.deleteImage(projectId: projectId)
        context.logEntry.applied()
        return Response(status: .noContent)
    }
}
