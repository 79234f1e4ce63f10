package import SuperOfficeWebAPI

/// How messages name a match's key (the project itself is named by `ProjectSummary.description`).
package enum ProjectLabel {
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
