import HTTPTypes
import Hummingbird
import NIOCore

/// `GET api/v1/Project/{id}/Image[?w=&h=&ifBlank=]`: the project's bitmap, a blank image when asked for one,
/// 404 when it has none, 410 when the sandbox evicted it.
struct GetImageHandler: Sendable {
    let state: SandboxState
    let projects: ProjectLookup

    /// The values `ifBlank` takes, lower-cased.
    static let blankOptions: Set<String> = ["default", "clearpixel", "srnophoto", "srnophotowithborder", "null", "genericfileicon"]

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let query = QueryParameters(request.uri.query)
        for name in ["w", "h"] {
            if let value = query[name], !value.isEmpty, Int32(value) == nil {
                throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: '\(name)' must be a 32-bit integer.")
            }
        }
        let ifBlank = query["ifBlank"]?.lowercased()
        if let ifBlank, !ifBlank.isEmpty, !Self.blankOptions.contains(ifBlank) {
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: 'ifBlank' must be one of Default, ClearPixel, SrNoPhoto, SrNoPhotoWithBorder, Null, GenericFileIcon.")
        }
        let projectId = try projects.projectId(context)
        let image = await state.image(projectId: projectId)
        if let image, let bytes = image.bytes {
            context.logEntry.applied()
            return Response(
                status: .ok, headers: [.contentType: image.mimeType.isEmpty ? "application/octet-stream" : image.mimeType],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        if let image, image.evicted {
            // the bitmap was dropped to stay within SandboxConfiguration.imageBytesBudget
            throw WebAPIErrorResponse(410, type: "SandboxImageEvicted", message: "The sandbox no longer keeps the bitmap of project \(projectId) (blob \(image.blobId), \(image.blobSize) bytes): only the most recent uploads within its image byte budget are kept")
        }
        if let ifBlank, !ifBlank.isEmpty, ifBlank != "null" {
            context.logEntry.applied()
            return Response(
                status: .ok, headers: [.contentType: "image/png"],
                body: .init(byteBuffer: ByteBuffer(bytes: SandboxWireFormat.clearPixelPNG)))
        }
        throw WebAPIErrorResponse(404, type: "SoNotFoundException", message: "Project \(projectId) has no image")
    }
}
