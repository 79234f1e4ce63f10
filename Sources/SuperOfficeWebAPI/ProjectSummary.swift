/// A project as people know it: its id, number and name, and any other columns a list selected.
public struct ProjectSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The project's id (`projectId`, the database id).
    public var projectId: Int
    /// The project's number as stored (may be empty; numbers are not guaranteed unique).
    public var number: String
    /// The project's name as stored (names are not unique).
    public var name: String
    /// Other selected columns, by column name as requested (e.g. `projectUdef/SuperOffice:1`), as text.
    public var fields: [String: String]

    /// Makes a summary.
    public init(projectId: Int, number: String = "", name: String = "", fields: [String: String] = [:]) {
        self.projectId = projectId
        self.number = number
        self.name = name
        self.fields = fields
    }

    /// The project as messages name it: `3001 (number P-10042, "Harbour crane")`; a blank number or name is left
    /// out (`3001`).
    public var description: String {
        var parts: [String] = []
        if !number.isEmpty { parts.append("number \(number)") }
        if !name.isEmpty { parts.append("\"\(name)\"") }
        return parts.isEmpty ? String(projectId) : "\(projectId) (\(parts.joined(separator: ", ")))"
    }
}
