import ImageCodecs
import SuperOfficeWebAPI

/// Builds the BlobEntity submitted as a project's ImageInfo.
///
/// MimeType is the detected type; OriginalSize, BlobSize and IsZipped come from the pack stage;
/// IsEncrypted is false; BlobId is the upload's answer. Description, ConceptualType and ExtraInfo come
/// from the manifest row or the options; when one of them is left open, the server's current value is
/// kept (`current` is the server's ImageInfo, read only in that case: beside the upload in a folder import,
/// after it for a single file).
struct ImageInfoBuilder: Sendable {
    var description: String?
    var conceptualType: String?
    var extraInfo: ExtraInfoPolicy

    /// True when some field must come from the server's current ImageInfo.
    var needsCurrentInfo: Bool {
        if description == nil || conceptualType == nil { return true }
        if case .leaveAsIs = extraInfo { return true }
        return false
    }

    func extraInfoText(for prepared: PreparedImage) -> String? {
        switch extraInfo {
        case .imageFacts:
            "width=\(prepared.uploadedHeader.width);height=\(prepared.uploadedHeader.height);sha256=\(prepared.packed.sha256)"
        case .fixed(let text):
            text
        case .leaveAsIs:
            nil
        }
    }

    func entity(for prepared: PreparedImage, blobId: Int, current: BlobEntity?) -> BlobEntity {
        var info = BlobEntity()
        info.blobId = blobId
        info.mimeType = prepared.uploadedHeader.format.mimeType
        info.originalSize = prepared.packed.originalSize
        info.blobSize = prepared.packed.blobSize
        info.isZipped = prepared.packed.isZipped
        info.isEncrypted = false
        info.description = description ?? current?.description
        info.conceptualType = conceptualType ?? current?.conceptualType
        info.extraInfo = extraInfoText(for: prepared) ?? current?.extraInfo
        return info
    }
}
