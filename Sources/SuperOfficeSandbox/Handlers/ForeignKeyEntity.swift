import SuperOfficeWebAPI

/// A ForeignKey entity as the sandbox answers it, for the key lookup by value (without the application and
/// device names) and a project's list of keys (with them): `{"ForeignKeyId", "Key", "Value", "RecordId",
/// "TableName", ["ApplicationName", "DeviceName",] "CreatedDate", "UpdatedDate", "CreatedBy": "", "UpdatedBy": ""}`.
struct ForeignKeyEntity: Encodable {
    var foreignKeyId: Int
    var key: String
    var value: String
    var recordId: Int
    var tableName = "project"
    /// Left out of the answer when nil.
    var applicationName: String? = nil
    var deviceName: String? = nil
    var createdDate: SuperOfficeDate
    var updatedDate: SuperOfficeDate
    var createdBy = ""
    var updatedBy = ""

    enum CodingKeys: String, CodingKey {
        case foreignKeyId = "ForeignKeyId", key = "Key", value = "Value", recordId = "RecordId", tableName = "TableName"
        case applicationName = "ApplicationName", deviceName = "DeviceName"
        case createdDate = "CreatedDate", updatedDate = "UpdatedDate", createdBy = "CreatedBy", updatedBy = "UpdatedBy"
    }
}
