/// The JSON of a project-list page, as the WebAPI writes an OData archive list:
/// `{"odata.metadata": …, "odata.nextLink": …, "value": [ … ]}`, `odata.nextLink` only when more rows remain.
///
/// Each row has `PrimaryKey`, `EntityName` (`project`) and the selected columns, in the order selected. Slim
/// rows hold plain values, every one a JSON string (`"PrimaryKey": "25"`, `"number": "10033"`, as SuperOffice's
/// documented example); Full rows hold an integer `PrimaryKey` and each column as
/// `{"DisplayValue": "…", "RawValue": "…"}` (both strings).
enum ProjectListAnswer {
    static func json(
        rows: ArraySlice<SandboxProjectCatalogue.Project>, select: [ProjectColumn], mode: ProjectListOptions.Mode,
        metadata: String, nextLink: String?
    ) -> [UInt8] {
        var out = "{\"odata.metadata\":" + JSONText.quoted(metadata)
        if let nextLink { out += ",\"odata.nextLink\":" + JSONText.quoted(nextLink) }
        out += ",\"value\":["
        var first = true
        for row in rows {
            out += first ? "{" : ",{"
            first = false
            switch mode {
            case .slim: out += "\"PrimaryKey\":" + JSONText.quoted(String(row.projectId))
            case .full: out += "\"PrimaryKey\":" + String(row.projectId)
            }
            out += ",\"EntityName\":\"project\""
            for column in select {
                let value = JSONText.quoted(column.text(of: row))
                out += "," + JSONText.quoted(column.name) + ":"
                switch mode {
                case .slim: out += value
                case .full: out += "{\"DisplayValue\":" + value + ",\"RawValue\":" + value + "}"
                }
            }
            out += "}"
        }
        out += "]}"
        return Array(out.utf8)
    }
}
