/// A column of the FindProject archive as the sandbox serves it (`GET api/v1/Project`): `projectId` (an
/// integer), `number`, `name`, and the catalogue's custom fields (`projectUdef/SuperOffice:N`), all strings.
struct ProjectColumn: Sendable, Hashable {
    /// Where a column's value comes from.
    enum Source: Sendable, Hashable {
        case projectId, number, name
        /// A custom field, by its column name.
        case field(String)
    }

    /// The column's name as the archive spells it (answers use this spelling, whatever a request wrote).
    let name: String
    let source: Source

    /// Whether the column is compared as an integer (`projectId`) rather than as text.
    var isInteger: Bool { source == .projectId }

    /// The column's value for a project, as text (a missing custom field is empty).
    func text(of project: SandboxProjectCatalogue.Project) -> String {
        switch source {
        case .projectId: String(project.projectId)
        case .number: project.number
        case .name: project.name
        case .field(let name): project.fields[name] ?? ""
        }
    }

    static let projectId = ProjectColumn(name: "projectId", source: .projectId)
    static let number = ProjectColumn(name: "number", source: .number)
    static let name = ProjectColumn(name: "name", source: .name)
}

/// The columns a sandbox's project list has, looked up by name case-insensitively (as the archive does).
struct ProjectColumns: Sendable {
    /// Every column: `projectId`, `number`, `name`, then the custom fields.
    let all: [ProjectColumn]
    private let byName: [String: ProjectColumn]

    /// The columns with these custom fields (`projectUdef/SuperOffice:N`).
    init(fieldColumns: [String]) {
        all = [.projectId, .number, .name] + fieldColumns.map { ProjectColumn(name: $0, source: .field($0)) }
        var byName: [String: ProjectColumn] = [:]
        for column in all { byName[column.name.lowercased()] = column }
        self.byName = byName
    }

    /// The column of this name (any case), if there is one.
    func column(named name: String) -> ProjectColumn? { byName[name.lowercased()] }

    /// What the list answers when `$select` names nothing: `projectId,number,name`.
    static let defaultSelection: [ProjectColumn] = [.projectId, .number, .name]
}
