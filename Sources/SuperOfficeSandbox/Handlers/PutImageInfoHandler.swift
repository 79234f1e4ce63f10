import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `PUT api/v1/Project/{id}/ImageInfo?projectId=`: updates the fields of the project's BlobEntity that the body
/// sets (the blob id only while the project has none) and answers the whole entity.
struct PutImageInfoHandler: Sendable {
    let state: SandboxState
    let projects: ProjectLookup
    let answers: ImageInfoAnswerEncoder
    /// The largest body accepted (larger is 413).
    let maxBodyBytes: Int

    static let missingEntity = WebAPIErrorResponse(400, type: "BadRequest", message: "Entity to save is not in request body.")

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body: [UInt8]
        do {
            body = try await request.bodyBytes(upTo: maxBodyBytes)
        } catch {
            throw WebAPIErrorResponse(413, type: "RequestEntityTooLarge", message: "The body is too large")
        }
        guard !body.isEmpty else { throw Self.missingEntity }
        guard let queryText = QueryParameters(request.uri.query)["projectId"] else {
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: the projectId query parameter is required.")
        }
        guard let queryId = Int(queryText), let pathId = SandboxRoutes.projectId(context), queryId == pathId else {
            let segment = context.parameters.get(SandboxRoutes.projectIdParameter) ?? ""
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: the id in the path ('\(segment)') and the projectId query parameter ('\(queryText)') must be the same project id.")
        }
        let projectId = try projects.projectId(context)
        guard let mediaType = MediaType(request.headers[.contentType]), MediaType.jsonTypes.contains(mediaType.essence) else {
            throw WebAPIErrorResponse(415, type: "UnsupportedMediaType", message: "The request entity's media type '\(request.headers[.contentType] ?? "")' is not supported for this resource; send application/json")
        }
        guard let entity = try? JSONDecoder().decode(BlobEntity.self, from: Data(body)) else { throw Self.missingEntity }
        let current = await state.image(projectId: projectId)
        if let blobId = entity.blobId, blobId != 0, let current, current.hasImage, current.blobId != blobId {
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "BlobId \(blobId) is not the image of project \(projectId) (it is \(current.blobId)).")
        }
        let now = Date()
        let stored = try await state.updateInfo(projectId: projectId) { image in
            if let value = entity.blobId, image.blobId == 0 { image.blobId = value }
            if let value = entity.blobSize { image.blobSize = value }
            if let value = entity.description { image.description = value }
            if let value = entity.extraInfo { image.extraInfo = value }
            if let value = entity.isEncrypted { image.isEncrypted = value }
            if let value = entity.isZipped { image.isZipped = value }
            if let value = entity.mimeType { image.mimeType = value }
            if let value = entity.originalSize { image.originalSize = value }
            if let value = entity.conceptualType { image.conceptualType = value }
            if image.created == nil { image.created = now }
            image.updated = now
        }
        context.logEntry.applied(blobId: stored.blobId)
        return .json(.ok, answers.json(stored, includeOffset: request.includesTimeZoneOffset))
    }
}
