/// A SuperOffice user (`SuperOffice.CRM.Services.Associate`), as found in a BlobEntity's `CreatedBy` / `UpdatedBy`.
///
/// Every field is optional: the server may send `null` or leave a field out.
public struct Associate: Codable, Sendable, Hashable {
    /// Primary key.
    public var associateId: Int?
    /// Initials, also the login name.
    public var name: String?
    /// The owning person record.
    public var personId: Int?
    /// Rank order.
    public var rank: Int?
    /// Tooltip or other description.
    public var tooltip: String?
    /// User type, kept as text: `Unknown`, `InternalAssociate`, `ResourceAssociate`, `ExternalAssociate`,
    /// `AnonymousAssociate` or `SystemAssociate`.
    public var type: String?
    /// Primary group membership.
    public var groupIdx: Int?
    /// The culture-formatted full name.
    public var fullName: String?
    /// The culture-formatted formal name.
    public var formalName: String?
    /// True when the user is retired.
    public var deleted: Bool?
    /// The id of the matching ej user record; 0 when none.
    public var ejUserId: Int?
    /// User name.
    public var userName: String?
    /// Deprecated by SuperOffice in favour of `customFields`.
    public var extraFields: [String: String]?
    /// User-defined and extra fields.
    public var customFields: [String: String]?
    /// The carrier's table right (responses only).
    public var tableRight: TableRight?
    /// Field name → field property (responses only).
    public var fieldProperties: [String: FieldProperty]?

    /// Makes an associate; every field defaults to absent.
    public init(
        associateId: Int? = nil, name: String? = nil, personId: Int? = nil, rank: Int? = nil,
        tooltip: String? = nil, type: String? = nil, groupIdx: Int? = nil, fullName: String? = nil,
        formalName: String? = nil, deleted: Bool? = nil, ejUserId: Int? = nil, userName: String? = nil,
        extraFields: [String: String]? = nil, customFields: [String: String]? = nil,
        tableRight: TableRight? = nil, fieldProperties: [String: FieldProperty]? = nil
    ) {
        self.associateId = associateId
        self.name = name
        self.personId = personId
        self.rank = rank
        self.tooltip = tooltip
        self.type = type
        self.groupIdx = groupIdx
        self.fullName = fullName
        self.formalName = formalName
        self.deleted = deleted
        self.ejUserId = ejUserId
        self.userName = userName
        self.extraFields = extraFields
        self.customFields = customFields
        self.tableRight = tableRight
        self.fieldProperties = fieldProperties
    }

    enum CodingKeys: String, CodingKey {
        case associateId = "AssociateId"
        case name = "Name"
        case personId = "PersonId"
        case rank = "Rank"
        case tooltip = "Tooltip"
        case type = "Type"
        case groupIdx = "GroupIdx"
        case fullName = "FullName"
        case formalName = "FormalName"
        case deleted = "Deleted"
        case ejUserId = "EjUserId"
        case userName = "UserName"
        case extraFields = "ExtraFields"
        case customFields = "CustomFields"
        case tableRight = "TableRight"
        case fieldProperties = "FieldProperties"
    }
}
