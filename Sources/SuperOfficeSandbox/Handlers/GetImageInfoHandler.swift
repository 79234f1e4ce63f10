import HTTPTypes
import Hummingbird

/// `GET api/v1/Project/{id}/ImageInfo`: the project's BlobEntity (an empty one when it has no image), dates
/// with `+00:00` when `SO-TimeZone` asks for `includeTZOffset`.
struct GetImageInfoHandler: Sendable {
    let state: SandboxState
    let projects: ProjectLookup
    let answers: ImageInfoAnswerEncoder

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let projectId = try projects.projectId(context)
        let answer = answers.json(await state.image(projectId: projectId), includeOffset: request.includesTimeZoneOffset)
        context.logEntry.applied()
        return .json(.ok, answer)
    }
}
