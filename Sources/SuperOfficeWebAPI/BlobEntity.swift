/// The description of a stored binary object (`SuperOffice.CRM.Services.BlobEntity`): a project's ImageInfo.
///
/// JSON names are PascalCase as on the wire. Every field is optional, so `null` and missing fields decode,
/// and fields left `nil` are not sent. Requests carry the first thirteen fields; responses add
/// `TableRight` and `FieldProperties`.
public struct BlobEntity: Codable, Sendable, Hashable {
    /// Primary key: the blob id the bitmap upload answered.
    public var blobId: Int?
    /// Length in bytes of the data as stored, after any encryption and/or zipping.
    public var blobSize: Int?
    /// A description entered by, and visible to, the user.
    public var description: String?
    /// A spare field for extra information.
    public var extraInfo: String?
    /// Whether the data has been encrypted.
    public var isEncrypted: Bool?
    /// Whether the data has been zipped.
    public var isZipped: Bool?
    /// The technical type of the data, e.g. `image/jpeg`.
    public var mimeType: String?
    /// Size of the data before encryption and/or zipping: what the ultimate client gets.
    public var originalSize: Int?
    /// When it was registered, in UTC.
    public var createdDate: SuperOfficeDate?
    /// When it was last updated, in UTC.
    public var updatedDate: SuperOfficeDate?
    /// Who first created it (read-only on the server).
    public var createdBy: Associate?
    /// Who last updated it.
    public var updatedBy: Associate?
    /// What kind of data this is, e.g. `PHOTO`, `PERSONPHOTO`.
    public var conceptualType: String?
    /// The carrier's table right (responses only).
    public var tableRight: TableRight?
    /// Field name → field property (responses only).
    public var fieldProperties: [String: FieldProperty]?

    /// Makes a blob entity; every field defaults to absent.
    public init(
        blobId: Int? = nil, blobSize: Int? = nil, description: String? = nil, extraInfo: String? = nil,
        isEncrypted: Bool? = nil, isZipped: Bool? = nil, mimeType: String? = nil, originalSize: Int? = nil,
        createdDate: SuperOfficeDate? = nil, updatedDate: SuperOfficeDate? = nil,
        createdBy: Associate? = nil, updatedBy: Associate? = nil, conceptualType: String? = nil,
        tableRight: TableRight? = nil, fieldProperties: [String: FieldProperty]? = nil
    ) {
        self.blobId = blobId
        self.blobSize = blobSize
        self.description = description
        self.extraInfo = extraInfo
        self.isEncrypted = isEncrypted
        self.isZipped = isZipped
        self.mimeType = mimeType
        self.originalSize = originalSize
        self.createdDate = createdDate
        self.updatedDate = updatedDate
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.conceptualType = conceptualType
        self.tableRight = tableRight
        self.fieldProperties = fieldProperties
    }

    enum CodingKeys: String, CodingKey {
        case blobId = "BlobId"
        case blobSize = "BlobSize"
        case description = "Description"
        case extraInfo = "ExtraInfo"
        case isEncrypted = "IsEncrypted"
        case isZipped = "IsZipped"
        case mimeType = "MimeType"
        case originalSize = "OriginalSize"
        case createdDate = "CreatedDate"
        case updatedDate = "UpdatedDate"
        case createdBy = "CreatedBy"
        case updatedBy = "UpdatedBy"
        case conceptualType = "ConceptualType"
        case tableRight = "TableRight"
        case fieldProperties = "FieldProperties"
    }
}
