import HTTPTypes
import Hummingbird

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `PUT` or `POST api/v1/Project/{id}/Image`: stores the bitmap (the body, or the file part of a
/// `multipart/form-data` body) as the project's picture and answers its new blob id, bare.
struct UploadImageHandler: Sendable {
    let state: SandboxState
    let projects: ProjectLookup
    /// The largest body accepted (larger is 413).
    let maxBodyBytes: Int

    static let missingBitmap = WebAPIErrorResponse(400, type: "BadRequest", message: "Image bitmap is missing from body.")

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let projectId = try projects.projectId(context)
        var request = request
        let body: [UInt8]
        do {
            body = try await request.bodyBytes(upTo: maxBodyBytes)
        } catch {
            throw WebAPIErrorResponse(413, type: "RequestEntityTooLarge", message: "The image is larger than \(maxBodyBytes) bytes")
        }
        guard !body.isEmpty else { throw Self.missingBitmap }
        var bytes = body
        var mediaType = MediaType(request.headers[.contentType])
        if let multipart = mediaType, multipart.essence == "multipart/form-data" {
            guard let boundary = multipart.parameters["boundary"], let file = MultipartFile.first(in: body, boundary: boundary) else {
                throw Self.missingBitmap
            }
            bytes = file.bytes
            // A form part may come without a type (or as octet-stream): then its first bytes decide.
            let partType = MediaType(file.contentType)
            mediaType = partType == nil || partType?.essence == "application/octet-stream" ? MediaType.sniffImage(bytes) : partType
            guard !bytes.isEmpty else { throw Self.missingBitmap }
        }
        guard let mediaType, MediaType.uploadImageTypes.contains(mediaType.essence) else {
            throw WebAPIErrorResponse(415, type: "UnsupportedMediaType", message: "The request entity's media type '\(request.headers[.contentType] ?? "")' is not supported for this resource; send image/png, image/jpeg, image/gif or image/tiff")
        }
        let blobId = try await state.saveImage(projectId: projectId, bytes: bytes, mimeType: mediaType.essence, now: Date())
        context.logEntry.applied(blobId: blobId)
        return .json(.ok, Array(String(blobId).utf8))
    }
}
