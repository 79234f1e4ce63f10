/// How much of a BlobEntity answer the client decodes.
///
/// A full answer carries two `Associate`s, two dates, the table right and a dictionary of field properties;
/// a caller that only needs the description fields (a bulk import) can skip building those.
public enum BlobEntityDetail: Sendable, Hashable {
    /// Every field the server sent.
    case full
    /// Only the scalar fields: `BlobId`, `BlobSize`, `Description`, `ExtraInfo`, `IsEncrypted`, `IsZipped`,
    /// `MimeType`, `OriginalSize` and `ConceptualType`; the dates, associates, table right and field
    /// properties are left `nil`. The answer must still be a JSON object whose present fields have the
    /// right types, or the call throws `.invalidResponse` as with `.full`.
    case brief
}

/// The scalar fields of a BlobEntity; the decoder skips every other key without building it.
struct BriefBlobEntity: Decodable {
    var blobId: Int?
    var blobSize: Int?
    var description: String?
    var extraInfo: String?
    var isEncrypted: Bool?
    var isZipped: Bool?
    var mimeType: String?
    var originalSize: Int?
    var conceptualType: String?

    enum CodingKeys: String, CodingKey {
        case blobId = "BlobId"
        case blobSize = "BlobSize"
        case description = "Description"
        case extraInfo = "ExtraInfo"
        case isEncrypted = "IsEncrypted"
        case isZipped = "IsZipped"
        case mimeType = "MimeType"
        case originalSize = "OriginalSize"
        case conceptualType = "ConceptualType"
    }

    var entity: BlobEntity {
        BlobEntity(blobId: blobId, blobSize: blobSize, description: description, extraInfo: extraInfo,
                   isEncrypted: isEncrypted, isZipped: isZipped, mimeType: mimeType, originalSize: originalSize,
                   conceptualType: conceptualType)
    }
}
