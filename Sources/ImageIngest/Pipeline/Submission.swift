import ImageCodecs
import Logging
import SuperOfficeWebAPI

/// The network half of the pipeline for one prepared image: upload the bitmap, then submit the ImageInfo.
struct Submission: Sendable {
    let client: SuperOfficeClient
    let logger: Logger

    /// Uploads `prepared.packed.payload` to the project and returns the new blob id.
    func upload(_ prepared: PreparedImage, projectId: Int, path: String) async throws(IngestError) -> Int {
        guard !Task.isCancelled else { throw Self.cancelled(.upload, path) }
        do throws(WebAPIError) {
            return try await client.uploadProjectImage(projectId: projectId, bytes: prepared.packed.payload,
                                                       contentType: prepared.uploadedHeader.format.mimeType, logger: logger)
        } catch {
            throw WebAPIErrorMapping.ingestError(error, stage: .upload, path: path)
        }
    }

    /// Reads the server's current ImageInfo (brief: only its scalar fields) when `builder` leaves a field
    /// open; `nil` when it does not.
    func currentInfo(projectId: Int, builder: ImageInfoBuilder, path: String) async throws(IngestError) -> BlobEntity? {
        guard builder.needsCurrentInfo else { return nil }
        return try await currentInfo(projectId: projectId, stage: .submit, path: path)
    }

    /// Reads the project's ImageInfo (brief), whatever the builder needs; a failure is reported at `stage`
    /// (`.upload` for the read that decides whether to upload at all).
    func currentInfo(projectId: Int, stage: IngestStage, path: String) async throws(IngestError) -> BlobEntity {
        guard !Task.isCancelled else { throw Self.cancelled(.submit, path) }
        do throws(WebAPIError) {
            return try await client.projectImageInfo(projectId: projectId, detail: .brief, logger: logger)
        } catch {
            throw WebAPIErrorMapping.ingestError(error, stage: stage, path: path)
        }
    }

    /// Submits the ImageInfo for `blobId` built over `current` (from `currentInfo`), decoding the answer
    /// as `detail` says; the PUT must answer 2xx with a BlobEntity JSON object.
    func submit(_ prepared: PreparedImage, blobId: Int, projectId: Int, builder: ImageInfoBuilder, current: BlobEntity?,
                path: String, detail: BlobEntityDetail) async throws(IngestError) -> BlobEntity {
        guard !Task.isCancelled else { throw Self.cancelled(.submit, path) }
        do throws(WebAPIError) {
            let info = builder.entity(for: prepared, blobId: blobId, current: current)
            return try await client.putProjectImageInfo(projectId: projectId, info, detail: detail, logger: logger)
        } catch {
            throw WebAPIErrorMapping.ingestError(error, stage: .submit, path: path)
        }
    }

    static func cancelled(_ stage: IngestStage, _ path: String) -> IngestError {
        IngestError(stage: stage, code: .cancelled, message: "cancelled before the request was sent", path: path)
    }
}
