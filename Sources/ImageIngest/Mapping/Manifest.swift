/// A CSV manifest: `path,projectId[,description,conceptualType]`, one file a row.
///
/// RFC 4180 quoting (`"a, b"`, `""` for a quote), `,` or `;` separated, CRLF or LF, a UTF-8 BOM
/// tolerated, blank lines and lines starting with `#` ignored, and an optional header row whose first
/// field is `path`. Empty description / conceptualType fields mean "leave the server's".
/// Paths are relative to the import folder; `./` prefixes are dropped.
public struct Manifest: Hashable, Sendable {
    /// The rows, in file order.
    public var entries: [Manifest.Entry]

    /// Creates a manifest from entries.
    public init(entries: [Manifest.Entry]) {
        self.entries = entries
    }

    /// Parses manifest text.
    /// - Throws: `IngestError` `.invalidManifest` naming the line for a bad project id, a missing field,
    ///   an unterminated quote or a path listed twice.
    public init(csv text: String, source: String = "manifest") throws(IngestError) {
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
        for (index, row) in rows.enumerated() {
            let fields = row.fields.map { $0.trimmingWhitespace() }
            if fields.allSatisfy(\.isEmpty) || fields[0].hasPrefix("#") { continue }
            if index == 0 && fields[0].lowercased() == "path" { continue }
            func fail(_ why: String) -> IngestError {
                IngestError(stage: .discover, code: .invalidManifest, message: "\(source) line \(row.line): \(why)")
            }
            guard fields.count >= 2 else { throw fail("expected path,projectId[,description,conceptualType]") }
            guard fields.count <= 4 else { throw fail("more than 4 fields (quote descriptions that hold commas)") }
            var path = fields[0]
            while path.hasPrefix("./") { path.removeFirst(2) }
            guard !path.isEmpty else { throw fail("empty path") }
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw fail("path \(path) must be relative to the import folder, without ..")
            }
            guard let projectId = ProjectMapper.projectId(fromDigits: fields[1]) else {
                throw fail("project id \(fields[1].debugDescription) is not a positive whole number")
            }
            if let earlier = seen[path] { throw fail("\(path) is already listed on line \(earlier)") }
            seen[path] = row.line
            let description = fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil
            let conceptualType = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            entries.append(Manifest.Entry(path: path, projectId: projectId, description: description,
                                         conceptualType: conceptualType, line: row.line))
        }
        self.entries = entries
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
        /// The project the file becomes the picture of.
        public var projectId: Int
        /// The ImageInfo Description to submit; nil leaves the server's.
        public var description: String?
        /// The ImageInfo ConceptualType to submit; nil leaves the server's.
        public var conceptualType: String?
        /// The 1-based line the row was read from (for messages).
        public var line: Int

        /// Creates an entry.
        public init(path: String, projectId: Int, description: String? = nil, conceptualType: String? = nil, line: Int = 0) {
            self.path = path
            self.projectId = projectId
            self.description = description
            self.conceptualType = conceptualType
            self.line = line
        }
    }
}
