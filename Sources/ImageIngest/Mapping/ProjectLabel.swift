package import SuperOfficeWebAPI

/// How messages name a project: as people know it, by id, number and name.
package enum ProjectLabel {
    /// `3001 (number P-10042, "Harbour crane")`; parts the project lacks are left out (`3001`).
    package static func text(_ project: ProjectSummary) -> String {
        var parts: [String] = []
        if !project.number.isEmpty { parts.append("number \(project.number)") }
        if !project.name.isEmpty { parts.append("\"\(project.name)\"") }
        return parts.isEmpty ? String(project.projectId) : "\(project.projectId) (\(parts.joined(separator: ", ")))"
    }

    /// What a match calls its key in messages: `the id`, `the number`, `the name`, `the ERP/main/code key`,
    /// `the projectUdef/SuperOffice:1 value`.
    package static func keyName(_ match: ProjectMatch) -> String {
        switch match {
        case .id: "the id"
        case .number: "the number"
        case .name: "the name"
        case .foreignKey(let application, let device, let key): "the \(application)/\(device)/\(key) key"
        case .field(let column): "the \(column) value"
        }
    }
}
