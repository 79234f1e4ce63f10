/// The right a user has on a whole carrier (`{"Mask": …, "Reason": …}`).
///
/// `Mask` is the string form of SuperOffice's `ETableRight` flags and is kept as free text: the server writes
/// composite names (`"FULL"`) and comma-separated combinations (`"RI, RestrictedUpdate"`).
public struct TableRight: Codable, Sendable, Hashable {
    /// The right, e.g. `"FULL"`, `"Delete"`, `"RI, RestrictedUpdate"`.
    public var mask: String?
    /// Why the right is restricted, e.g. `""` or a resource id such as `"[SR_MANDATORY_FIELD_1281]"`.
    public var reason: String?

    /// Makes a table right.
    public init(mask: String? = nil, reason: String? = nil) {
        self.mask = mask
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case mask = "Mask"
        case reason = "Reason"
    }
}

/// The right a user has on one field (`{"Mask": …, "Reason": …}`); `Mask` is free text such as
/// `"FULL"`, `"Update"` or `"Update, UIHintMandatory"`.
public struct FieldRight: Codable, Sendable, Hashable {
    /// The right, the string form of SuperOffice's `EFieldRight` flags.
    public var mask: String?
    /// Why the right is restricted.
    public var reason: String?

    /// Makes a field right.
    public init(mask: String? = nil, reason: String? = nil) {
        self.mask = mask
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case mask = "Mask"
        case reason = "Reason"
    }
}

/// Properties of one field of a carrier: its right, .NET type name and length
/// (`{"FieldRight": {…}, "FieldType": "System.String", "FieldLength": 337}`).
public struct FieldProperty: Codable, Sendable, Hashable {
    /// The user's right on the field.
    public var fieldRight: FieldRight?
    /// The .NET type of the field, e.g. `"System.Int32"`.
    public var fieldType: String?
    /// The field's length (characters for strings).
    public var fieldLength: Int?

    /// Makes a field property.
    public init(fieldRight: FieldRight? = nil, fieldType: String? = nil, fieldLength: Int? = nil) {
        self.fieldRight = fieldRight
        self.fieldType = fieldType
        self.fieldLength = fieldLength
    }

    enum CodingKeys: String, CodingKey {
        case fieldRight = "FieldRight"
        case fieldType = "FieldType"
        case fieldLength = "FieldLength"
    }
}
