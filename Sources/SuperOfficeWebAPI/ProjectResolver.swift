public import Logging

extension SuperOfficeClient {
    /// Resolves keys to projects: each distinct key once, many keys a request, never guessing.
    ///
    /// Keys are normalised first (`ProjectMatch.normalizedKey(_:)`: trimmed, NFC); an empty key is
    /// `.noSuchProject` without a request, and keys that normalise alike are looked up once.
    ///
    /// - Numbers, names and fields (`.number`, `.name`, `.field(_:)`): `COLUMN in ('A','B',…)` in
    ///   `GET api/v1/Project`, at most 100 keys and about 1,800 characters of filter (as sent, percent-encoded)
    ///   a request, paged by 1,000. Every row is checked here with `ProjectMatch.matches(_:key:)` (the server's
    ///   collation is case-insensitive, so it can answer more than the key names): none is `.noSuchProject`,
    ///   one `.found`, more `.ambiguous` (all, by id). A field's value is in the project's `fields[COLUMN]`.
    /// - Ids (`.id`): decimal ids only (anything else is `.noSuchProject`), as `projectId eq 1 or projectId eq 2 …`.
    /// - Foreign keys (`.foreignKey`): one `projectId(foreignKey:device:key:value:logger:)` a key, four at a time,
    ///   then the ids found listed as for `.id` (an id the list does not answer is `.noSuchProject`).
    ///
    /// 1,000 numbers take 10 list requests.
    ///
    /// ```swift
    /// let resolved = try await client.resolveProjects(["10042", "10043"], by: .number, logger: logger)
    /// if case .found(let project)? = resolved["10042"] { print(project.projectId) }
    /// ```
    ///
    /// - Returns: a resolution for every key, keyed by the key exactly as given.
    /// - Throws: `WebAPIError` from the requests; `.invalidArgument` for a `.field` column that cannot go in a
    ///   filter.
    public func resolveProjects(
        _ keys: some Sequence<String>, by match: ProjectMatch, logger: Logger
    ) async throws(WebAPIError) -> [String: ProjectResolution] {
        var normalizedOf = [String: String]()
        var distinct = [String]()
        var seen = Set<String>()
        for raw in keys where normalizedOf[raw] == nil {
            let normalized = ProjectMatch.normalizedKey(raw)
            normalizedOf[raw] = normalized
            if !normalized.isEmpty, seen.insert(normalized).inserted { distinct.append(normalized) }
        }
        let resolved: [String: ProjectResolution]
        switch match {
        case .id:
            resolved = try await resolveIds(distinct, logger: logger)
        case .number, .name, .field:
            resolved = try await resolveByColumn(distinct, match: match, logger: logger)
        case .foreignKey(let application, let device, let key):
            resolved = try await resolveForeignKeys(distinct, application: application, device: device, key: key, logger: logger)
        }
        return normalizedOf.mapValues { resolved[$0] ?? .noSuchProject }
    }

    // MARK: Numbers, names, fields

    private func resolveByColumn(
        _ keys: [String], match: ProjectMatch, logger: Logger
    ) async throws(WebAPIError) -> [String: ProjectResolution] {
        guard let column = match.column, ProjectMatch.isValidColumn(column) else {
            throw WebAPIError(
                code: .invalidArgument,
                message: "Cannot filter projects by the column \"\(match.column ?? "\(match)")\": a column is letters, digits and _ . / :",
                attempts: 0)
        }
        var select = ["projectId", "number", "name"]
        if !select.contains(where: { $0.lowercased() == column.lowercased() }) { select.append(column) }
        var found = [String: [Int: ProjectSummary]]()
        let batches = FilterBatches.make(
            keys.map { ($0, ODataLiteral.string($0)) }, prefix: "\(column) in (", separator: ",", suffix: ")")
        for batch in batches {
            var keysByValue = [String: [String]]()
            for key in batch.keys { keysByValue[match.comparable(key), default: []].append(key) }
            try await forEachProjectPage(ProjectListQuery(filter: batch.filter, select: select), logger: logger) { page in
                for project in page.projects {
                    let value: String? = switch match {
                    case .number: project.number
                    case .name: project.name
                    case .field(let column): project.field(column)
                    default: nil
                    }
                    guard let value else { continue }
                    for key in keysByValue[match.comparable(ProjectMatch.normalizedKey(value))] ?? []
                    where match.matches(project, key: key) {
                        found[key, default: [:]][project.projectId] = project
                    }
                }
            }
        }
        return Self.resolutions(keys, found)
    }

    // MARK: Ids

    private func resolveIds(_ keys: [String], logger: Logger) async throws(WebAPIError) -> [String: ProjectResolution] {
        var keysById = [Int: [String]]()
        var ids = [Int]()
        for key in keys {
            guard let id = ProjectMatch.projectId(key) else { continue }
            if keysById[id] == nil { ids.append(id) }
            keysById[id, default: []].append(key)
        }
        let projects = try await listProjects(ids: ids, logger: logger)
        var found = [String: [Int: ProjectSummary]]()
        for project in projects {
            for key in keysById[project.projectId] ?? [] where ProjectMatch.id.matches(project, key: key) {
                found[key, default: [:]][project.projectId] = project
            }
        }
        return Self.resolutions(keys, found)
    }

    /// The projects of these ids that the list answers (`projectId eq 1 or projectId eq 2 …`, in batches).
    private func listProjects(ids: [Int], logger: Logger) async throws(WebAPIError) -> [ProjectSummary] {
        var projects = [ProjectSummary]()
        let wanted = Set(ids)
        for batch in FilterBatches.make(ids.map { ("\($0)", "projectId eq \($0)") }, prefix: "", separator: " or ", suffix: "") {
            try await forEachProjectPage(ProjectListQuery(filter: batch.filter), logger: logger) { page in
                projects.append(contentsOf: page.projects.filter { wanted.contains($0.projectId) })
            }
        }
        return projects
    }

    // MARK: Foreign keys

    /// How many foreign-key lookups run at once.
    static let concurrentForeignKeyLookups = 4

    private func resolveForeignKeys(
        _ keys: [String], application: String, device: String, key keyName: String, logger: Logger
    ) async throws(WebAPIError) -> [String: ProjectResolution] {
        let recordIds = try await boundedLookups(keys, width: Self.concurrentForeignKeyLookups) { value throws(WebAPIError) in
            try await self.projectId(foreignKey: application, device: device, key: keyName, value: value, logger: logger)
        }
        var ids = [Int]()
        var seen = Set<Int>()
        for key in keys { if let id = recordIds[key], seen.insert(id).inserted { ids.append(id) } }
        let projects = Dictionary(try await listProjects(ids: ids, logger: logger).map { ($0.projectId, $0) }, uniquingKeysWith: { a, _ in a })
        var resolved = [String: ProjectResolution]()
        for key in keys {
            resolved[key] = recordIds[key].flatMap { projects[$0] }.map { .found($0) } ?? .noSuchProject
        }
        return resolved
    }

    // MARK: Helpers

    private static func resolutions(_ keys: [String], _ found: [String: [Int: ProjectSummary]]) -> [String: ProjectResolution] {
        var resolved = [String: ProjectResolution]()
        for key in keys {
            let projects = (found[key] ?? [:]).values.sorted { $0.projectId < $1.projectId }
            resolved[key] = switch projects.count {
            case 0: .noSuchProject
            case 1: .found(projects[0])
            default: .ambiguous(projects)
            }
        }
        return resolved
    }
}

/// Keys grouped into filters small enough for one request each.
struct FilterBatches {
    /// The keys of one request and its filter.
    struct Batch {
        var keys: [String]
        var filter: String
    }

    /// At most this many keys a request.
    static let maxKeys = 100
    /// At most about this many characters of filter a request, as sent (percent-encoded).
    static let maxFilterLength = 1800

    /// Groups `items` (a key and its part of the filter) into `prefix part separator part … suffix` filters of
    /// at most `maxKeys` parts and `maxFilterLength` encoded characters (a single part longer than that goes alone).
    static func make(
        _ items: [(key: String, part: String)], prefix: String, separator: String, suffix: String,
        maxKeys: Int = maxKeys, maxFilterLength: Int = maxFilterLength
    ) -> [Batch] {
        func encodedLength(_ text: String) -> Int { ProjectListQuery.percentEncoded(text).utf8.count }
        let fixed = encodedLength(prefix) + encodedLength(suffix)
        let separatorLength = encodedLength(separator)
        var batches = [Batch]()
        var keys = [String]()
        var parts = [String]()
        var length = fixed
        func close() {
            guard !parts.isEmpty else { return }
            batches.append(Batch(keys: keys, filter: prefix + parts.joined(separator: separator) + suffix))
            keys.removeAll(keepingCapacity: true)
            parts.removeAll(keepingCapacity: true)
            length = fixed
        }
        for item in items {
            let added = encodedLength(item.part) + (parts.isEmpty ? 0 : separatorLength)
            if !parts.isEmpty, parts.count >= maxKeys || length + added > maxFilterLength { close() }
            length += encodedLength(item.part) + (parts.isEmpty ? 0 : separatorLength)
            keys.append(item.key)
            parts.append(item.part)
        }
        close()
        return batches
    }
}
