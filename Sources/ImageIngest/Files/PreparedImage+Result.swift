extension PreparedImage {
    /// The result a front door reports for this picture before (or without) the network: what would be uploaded,
    /// its sizes and SHA-256, what was changed, and whether GPS goes up; nothing on the server yet.
    func result(path: String, projectId: Int, bytes: Int) -> IngestResult {
        var result = IngestResult(
            path: path, projectId: projectId, header: uploadedHeader, sourceHeader: header, sha256: packed.sha256,
            originalSize: packed.originalSize, blobSize: packed.blobSize, isZipped: packed.isZipped, notes: notes,
            blobId: nil, imageInfo: nil, uploaded: false)
        result.carriedGPS = carriedGPS
        result.uploadedWithGPS = uploadsGPS
        result.changes = changes
        result.bytes = bytes
        return result
    }
}
