import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// `GET api/v1/Project/{id}/ForeignKey`: the project's outside keys, from the catalogue's columns
/// `foreignKey:APP/DEVICE/KEY`: a JSON array with one ForeignKey entity per key the project has,
/// `{"ForeignKeyId", "Key", "Value", "RecordId", "TableName": "project", "ApplicationName", "DeviceName",
/// "CreatedDate", "UpdatedDate", "CreatedBy": "", "UpdatedBy": ""}`, by key id; `[]` when it has none (or there
/// is no catalogue). An unknown project: the WebAPI's 404.
struct ProjectForeignKeysHandler: Sendable {
    let projects: ProjectLookup

    /// One entity of the answer.
    struct ProjectForeignKeyBody: Encodable {
        var foreignKeyId: Int
        var key: String
        var value: String
        var recordId: Int
        var tableName = "project"
        var applicationName: String
        var deviceName: String
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

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let projectId = try projects.projectId(context)
        let date = SandboxWireFormat.date(projects.projects.loaded, includeOffset: request.includesTimeZoneOffset)
        let keys = projects.projects.foreignKeys(of: projectId).map { key in
            ProjectForeignKeyBody(
                foreignKeyId: key.foreignKeyId, key: key.keyName, value: key.value, recordId: projectId,
                applicationName: key.application, deviceName: key.device, createdDate: date, updatedDate: date)
        }
        context.logEntry.applied()
        return .json(.ok, SandboxWireFormat.json(keys))
    }
}
