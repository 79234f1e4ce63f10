/// The query options of `GET api/v1/Project`, read and checked: `$select`, `$filter`, `$orderBy`, `$top`,
/// `$skip` and `$mode` (option names in any case; others, such as `$jsonSafe` and `$output`, are ignored).
struct ProjectListOptions: Sendable {
    /// How rows are written: `Slim` (plain values, all strings) or `Full` (`DisplayValue` and `RawValue`).
    enum Mode: Sendable, Hashable { case slim, full }

    /// One sort key of `$orderBy`.
    struct SortKey: Sendable, Hashable {
        var column: ProjectColumn
        var descending: Bool
    }

    /// Rows a page has when `$top` does not say.
    static let defaultTop = 1000
    /// The most rows a page has, whatever `$top` asks (more are reached through `odata.nextLink`).
    static let maxTop = 5000

    /// The columns each row has, in order (`projectId,number,name` by default).
    var select: [ProjectColumn] = ProjectColumns.defaultSelection
    /// The filter, if any.
    var filter: ODataFilter?
    /// The order (by ascending `projectId` by default; ties always by ascending `projectId`).
    var orderBy: [SortKey] = [SortKey(column: .projectId, descending: false)]
    /// Rows on this page (at most `maxTop`).
    var top = defaultTop
    /// Rows skipped before this page.
    var skip = 0
    var mode = Mode.slim

    /// The options a query string gives, with `columns` as the list's columns.
    ///
    /// - Throws: `ProjectListOptionError` naming the option and the problem.
    init(_ query: QueryParameters, columns: ProjectColumns) throws(ProjectListOptionError) {
        if let text = query["$select"] {
            var chosen: [ProjectColumn] = []
            for name in text.split(separator: ",").map({ String($0).trimmingSpaces() }) where !name.isEmpty {
                guard let column = columns.column(named: name) else {
                    throw ProjectListOptionError("$select: unknown column '\(name)' (the columns are \(Self.names(columns)))")
                }
                if !chosen.contains(column) { chosen.append(column) }
            }
            if !chosen.isEmpty { select = chosen }
        }
        if let text = query["$filter"] {
            do {
                filter = try ODataFilterParser.parse(text, columns: columns)
            } catch {
                throw ProjectListOptionError("$filter: \(error)")
            }
        }
        if let text = query["$orderBy"] {
            var keys: [SortKey] = []
            for part in text.split(separator: ",").map({ String($0).trimmingSpaces() }) where !part.isEmpty {
                let words = part.split(separator: " ", omittingEmptySubsequences: true)
                guard let column = columns.column(named: String(words[0])) else {
                    throw ProjectListOptionError("$orderBy: unknown column '\(words[0])' (the columns are \(Self.names(columns)))")
                }
                var descending = false
                if words.count == 2, ["asc", "desc"].contains(words[1].lowercased()) {
                    descending = words[1].lowercased() == "desc"
                } else if words.count != 1 {
                    throw ProjectListOptionError("$orderBy: '\(part)' is not a column with an optional asc or desc")
                }
                keys.append(SortKey(column: column, descending: descending))
            }
            if !keys.isEmpty { orderBy = keys }
        }
        if let text = query["$top"] {
            guard let value = Int(text.trimmingSpaces()), value >= 0 else {
                throw ProjectListOptionError("$top: '\(text)' is not a whole number of rows (0 or more)")
            }
            top = min(value, Self.maxTop)
        }
        if let text = query["$skip"] {
            guard let value = Int(text.trimmingSpaces()), value >= 0 else {
                throw ProjectListOptionError("$skip: '\(text)' is not a whole number of rows (0 or more)")
            }
            skip = value
        }
        if let text = query["$mode"] {
            switch text.trimmingSpaces().lowercased() {
            case "", "slim": mode = .slim
            case "full": mode = .full
            default: throw ProjectListOptionError("$mode: '\(text)' is neither Slim nor Full")
            }
        }
    }

    private static func names(_ columns: ProjectColumns) -> String { columns.all.map(\.name).joined(separator: ", ") }

    /// The rows in the order `orderBy` asks (ties by ascending project id); `rows` come by ascending id.
    func ordered(_ rows: [SandboxProjectCatalogue.Project]) -> [SandboxProjectCatalogue.Project] {
        if orderBy == [SortKey(column: .projectId, descending: false)] { return rows }
        // sort keys computed once a row
        let keyed = rows.map { row in (row, orderBy.map { ODataComparison.fold($0.column.text(of: row)) }) }
        return keyed.sorted { left, right in
            for (index, key) in orderBy.enumerated() {
                if key.column.isInteger {
                    if left.0.projectId != right.0.projectId {
                        return key.descending ? left.0.projectId > right.0.projectId : left.0.projectId < right.0.projectId
                    }
                } else if left.1[index] != right.1[index] {
                    return key.descending ? left.1[index] > right.1[index] : left.1[index] < right.1[index]
                }
            }
            return left.0.projectId < right.0.projectId
        }.map(\.0)
    }
}

/// Why the project list's query options can not be used (the message names the option); answered as 400.
struct ProjectListOptionError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
