public import SuperOfficeWebAPI

/// A CSV manifest: `path,projectId[,description,conceptualType]`, one file a row, or with a header naming
/// what its second column holds: `path,projectId`, `path,number`, `path,name`, or `path,key` (an outside
/// system's key or a custom field's value, as the import's match says).
///
/// RFC 4180 quoting (`"a, b"`, `""` for a quote), `,` or `;` separated, CRLF or LF, a UTF-8 BOM
/// tolerated, blank lines and lines starting with `#` ignored, and an optional header row whose first
/// field is `path`. Empty description / conceptualType fields mean "leave the server's".
/// Paths are relative to the import folder; `./` prefixes are dropped.
public struct Manifest: Hashable, Sendable {
    /// The rows, in file order.
    public var entries: [Manifest.Entry]
    /// How the rows' keys name their projects: from the header (`projectId`, `number`, `name`; a `key` column
    /// takes the match it was read with), else the match it was read with (`.id` by default).
    public var match: ProjectMatch

    /// `text` as one CSV field (RFC 4180), as manifests and `import --report` write them: quoted when it holds a comma, a
    /// semicolon (manifests may use either), a quote or a line break, or starts or ends with a space; a quote inside
    /// doubled.
    public static func quotedField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == ";" || $0.isNewline }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// Creates a manifest from entries.
    public init(entries: [Manifest.Entry], match: ProjectMatch = .id) {
        self.entries = entries
        self.match = match
    }

    /// Reads the manifest file at `path` (UTF-8 CSV) and parses it as `init(csv:source:match:)` does.
    /// - Throws: `IngestError` `.invalidManifest`, also when the file cannot be read (with the errno's words).
    public init(contentsOfFile path: String, match: ProjectMatch? = nil) throws(IngestError) {
        switch TextFile.contents(of: path) {
        case .success(let text):
            try self.init(csv: text, source: path, match: match)
        case .failure(let why):
            throw IngestError(stage: .discover, code: .invalidManifest, message: "cannot read the manifest \(path): \(why)", path: path)
        }
    }

    /// Parses manifest text.
    /// - Parameters:
    ///   - text: the CSV.
    ///   - source: names the manifest in messages.
    ///   - match: how the second column names projects when the header does not say (or says `key`); nil
    ///     reads a headerless manifest as project ids.
    /// - Throws: `IngestError` `.invalidManifest` naming the line for a bad project id, a missing field,
    ///   an unterminated quote or a path listed twice, and for a header that disagrees with `match`.
    public init(csv text: String, source: String = "manifest", match: ProjectMatch? = nil) throws(IngestError) {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let rows: [(line: Int, fields: [String])]
        do throws(CSVReader.Failure) {
            rows = try CSVReader.rows(of: body)
        } catch {
            throw IngestError(stage: .discover, code: .invalidManifest, message: "\(source): \(error.message)")
        }
        var entries: [Manifest.Entry] = []
        var seen: [String: Int] = [:]
        var resolvedMatch = match ?? .id
        for (index, row) in rows.enumerated() {
            let fields = row.fields.map { $0.trimmingWhitespace() }
            if fields.allSatisfy(\.isEmpty) || fields[0].hasPrefix("#") { continue }
            func fail(_ why: String) -> IngestError {
                IngestError(stage: .discover, code: .invalidManifest, message: "\(source) line \(row.line): \(why)")
            }
            if index == 0 && fields[0].lowercased() == "path" {
                resolvedMatch = try Self.match(ofColumn: fields.count > 1 ? fields[1] : "", given: match, fail: fail)
                continue
            }
            guard fields.count >= 2 else { throw fail("expected path,\(Self.columnName(resolvedMatch))[,description,conceptualType]") }
            guard fields.count <= 4 else { throw fail("more than 4 fields (quote descriptions that hold commas)") }
            var path = fields[0]
            while path.hasPrefix("./") { path.removeFirst(2) }
            guard !path.isEmpty else { throw fail("empty path") }
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw fail("path \(path) must be relative to the import folder, without ..")
            }
            let key = ProjectMatch.normalizedKey(fields[1])
            var projectId: Int? = nil
            if resolvedMatch == .id {
                guard let id = ProjectMapper.projectId(fromDigits: key) else {
                    throw fail("project id \(fields[1].debugDescription) is not a positive whole number without leading zeros"
                        + " (a project number or name needs a header: path,number or path,name)")
                }
                projectId = id
            } else if key.isEmpty {
                throw fail("the \(Self.columnName(resolvedMatch)) is empty")
            }
            if let earlier = seen[path] { throw fail("\(path) is already listed on line \(earlier)") }
            seen[path] = row.line
            let description = fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil
            let conceptualType = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            entries.append(Manifest.Entry(path: path, key: key, projectId: projectId, description: description,
                                          conceptualType: conceptualType, line: row.line))
        }
        self.entries = entries
        self.match = resolvedMatch
    }

    /// What a header's second column says, checked against the match given (`--match`).
    private static func match(ofColumn column: String, given: ProjectMatch?,
                              fail: (String) -> IngestError) throws(IngestError) -> ProjectMatch {
        let named: ProjectMatch?
        switch column.lowercased() {
        case "projectid", "project", "id": named = .id
        case "number", "projectnumber": named = .number
        case "name", "projectname": named = .name
        case "key":
            guard let given, given != .id, given != .number, given != .name else {
                throw fail("a key column needs the match to say whose key it is (--match foreign-key:APP/DEVICE/KEY "
                    + "or --match field:COLUMN)")
            }
            return given
        default:
            throw fail("the header's second column \(column.debugDescription) is not projectId, number, name or key")
        }
        if let given, let named, given != named {
            throw fail("the header names \(column) but the match is \(given); drop one of them")
        }
        return named ?? given ?? .id
    }

    /// The column name a match reads in a manifest.
    static func columnName(_ match: ProjectMatch) -> String {
        switch match {
        case .id: "projectId"
        case .number: "number"
        case .name: "name"
        case .foreignKey, .field: "key"
        }
    }
}

/// A small RFC 4180 reader; the separator is `,` or `;` (decided per row by the first unquoted one).
enum CSVReader {
    struct Failure: Error { var message: String }

    static func rows(of text: Substring) throws(Failure) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var separator: Character? = nil
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRow() {
            fields.append(field)
            rows.append((rowLine, fields))
            fields = []
            field = ""
            separator = nil
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { inQuotes = false; pending = following }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.allSatisfy(\.isWhitespace):
                field = ""
                inQuotes = true
            case "," where separator == nil || separator == ",", ";" where separator == nil || separator == ";":
                separator = c
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowLine = line
            default:
                field.append(c)
            }
        }
        if inQuotes { throw Failure(message: "line \(rowLine): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

extension Manifest {
    /// One row of a manifest: which file goes to which project, with optional ImageInfo texts.
    public struct Entry: Hashable, Sendable {
        /// The file's path relative to the import folder, `/`-separated.
        public var path: String
        /// The project's key as the row gives it (trimmed, NFC): an id, a number, a name or an outside key.
        public var key: String
        /// The project the file becomes the picture of, when the key is a project id.
        public var projectId: Int?
        /// The ImageInfo Description to submit; nil leaves the server's.
        public var description: String?
        /// The ImageInfo ConceptualType to submit; nil leaves the server's.
        public var conceptualType: String?
        /// The 1-based line the row was read from (for messages).
        public var line: Int

        /// Creates an entry for a project id.
        public init(path: String, projectId: Int, description: String? = nil, conceptualType: String? = nil, line: Int = 0) {
            self.init(path: path, key: String(projectId), projectId: projectId, description: description,
                      conceptualType: conceptualType, line: line)
        }

        /// Creates an entry for a key (a number, a name or an outside key; `projectId` when it is an id).
        public init(path: String, key: String, projectId: Int? = nil, description: String? = nil,
                    conceptualType: String? = nil, line: Int = 0) {
            self.path = path
            self.key = key
            self.projectId = projectId
            self.description = description
            self.conceptualType = conceptualType
            self.line = line
        }
    }
}
