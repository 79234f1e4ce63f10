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

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let projectId = try projects.projectId(context)
        let date = SandboxWireFormat.date(projects.projects.loaded, includeOffset: request.includesTimeZoneOffset)
        let keys = projects.projects.foreignKeys(of: projectId).map { key in
            ForeignKeyEntity(
                foreignKeyId: key.foreignKeyId, key: key.keyName, value: key.value, recordId: projectId,
                applicationName: key.application, deviceName: key.device, createdDate: date, updatedDate: date)
        }
        context.logEntry.applied()
        return .json(.ok, SandboxWireFormat.json(keys))
    }
}
