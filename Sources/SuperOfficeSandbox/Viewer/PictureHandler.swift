import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /_sandbox/pictures/{projectId}`: a project's bitmap for the pictures page, with its MIME type and no
/// credentials (the page's `<img>` cannot send them); 404 when there is none or it was evicted.
struct PictureHandler: Sendable {
    let state: SandboxState

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        guard let projectId = context.parameters.get("projectId").flatMap({ Int($0) }),
              let image = await state.image(projectId: projectId), let bytes = image.bytes
        else { throw WebAPIErrorResponse(404, type: "NotFound", message: "No picture kept for this project") }
        context.logEntry.applied()
        context.logEntry.update { $0.projectId = projectId }
        return Response(
            status: .ok, headers: [.contentType: image.mimeType.isEmpty ? "application/octet-stream" : image.mimeType],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
