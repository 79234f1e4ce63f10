import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// `GET api/v1/ForeignApp/{application}/{device}/Key/{keyName}/{tableName}?keyValue=V`: the ForeignKey whose
/// value is exactly `V`, of the project with the lowest id among the catalogue's column
/// `foreignKey:{application}/{device}/{keyName}` (names in any case), when `tableName` is `project` (any case):
/// `{"ForeignKeyId", "Key", "Value", "RecordId", "TableName": "project", "CreatedDate", "UpdatedDate",
/// "CreatedBy": "", "UpdatedBy": ""}`. No such key (or another table, or no catalogue): `204 No Content`.
/// Without `keyValue`: 400.
struct ForeignKeyHandler: Sendable {
    let projects: SandboxProjects

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        func segment(_ name: String) -> String { Self.decodedSegment(context.parameters.get(name) ?? "") }
        guard let value = QueryParameters(request.uri.query)["keyValue"] else {
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: the keyValue query parameter is required.")
        }
        let keyName = segment("keyName")
        context.logEntry.applied()
        guard segment("tableName").lowercased() == "project",
              let key = projects.foreignKey(application: segment("application"), device: segment("device"), keyName: keyName, value: value)
        else { return Response(status: .noContent) }
        context.logEntry.update { $0.projectId = key.projectId }
        let date = SandboxWireFormat.date(projects.loaded, includeOffset: request.includesTimeZoneOffset)
        return .json(.ok, SandboxWireFormat.json(ForeignKeyEntity(
            foreignKeyId: key.foreignKeyId, key: keyName, value: value, recordId: key.projectId,
            createdDate: date, updatedDate: date)))
    }

    /// A path segment with its `%XX` escapes decoded (a `+` stays a `+` in a path).
    static func decodedSegment(_ segment: String) -> String {
        segment.removingPercentEncodingLite(plusIsSpace: false)
    }
}
