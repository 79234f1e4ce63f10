/// How a key names its project: by id, number, name, an outside (foreign) key, or a column of FindProject.
///
/// Its text form (`description`, `init(parsing:)`) is what a command line or a manifest says:
/// `id`, `number`, `name`, `foreign-key:ERP/main/code`, `field:projectUdef/SuperOffice:1`.
public enum ProjectMatch: Sendable, Hashable, CustomStringConvertible {
    /// The key is the project's id (a decimal, positive 32-bit integer).
    case id
    /// The key is the project's number (compared exactly, after normalising).
    case number
    /// The key is the project's name (compared case-insensitively, after normalising).
    case name
    /// The key is the value of a foreign key of the project, looked up with
    /// `GET api/v1/ForeignApp/{application}/{device}/Key/{key}/project?keyValue=…`.
    case foreignKey(application: String, device: String, key: String)
    /// The key is the value of an OData column of FindProject, e.g. `projectUdef/SuperOffice:1`
    /// (compared case-insensitively, after normalising).
    case field(String)

    /// Parses the text form: `id`, `number`, `name`, `foreign-key:APP/DEVICE/KEY` or `field:COLUMN`
    /// (also `foreign-key=…` and `field=…`; the words in any case).
    /// - Throws: `WebAPIError.Code.invalidArgument`, with a message naming the accepted forms.
    public init(parsing text: String) throws(WebAPIError) {
        let trimmed = ProjectMatch.trimmed(text)
        let separator = trimmed.firstIndex { $0 == ":" || $0 == "=" }
        let word = String(separator.map { trimmed[..<$0] } ?? trimmed[...]).lowercased()
        let argument = separator.map { String(trimmed[trimmed.index(after: $0)...]) }
        switch (word, argument) {
        case ("id", nil): self = .id
        case ("number", nil): self = .number
        case ("name", nil): self = .name
        case ("foreign-key", let argument?), ("foreignkey", let argument?):
            let parts = argument.split(separator: "/", omittingEmptySubsequences: false).map { ProjectMatch.trimmed(String($0)) }
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                throw ProjectMatch.parseError(text, detail: "a foreign key is named by application, device and key: foreign-key:APP/DEVICE/KEY")
            }
            self = .foreignKey(application: parts[0], device: parts[1], key: parts[2])
        case ("field", let argument?):
            let column = ProjectMatch.trimmed(argument)
            guard ProjectMatch.isValidColumn(column) else {
                throw ProjectMatch.parseError(
                    text, detail: "a column is letters, digits and _ . / : (e.g. field:projectUdef/SuperOffice:1)")
            }
            self = .field(column)
        default:
            throw ProjectMatch.parseError(text, detail: nil)
        }
    }

    /// The text form: `id`, `number`, `name`, `foreign-key:ERP/main/code`, `field:projectUdef/SuperOffice:1`.
    public var description: String {
        switch self {
        case .id: "id"
        case .number: "number"
        case .name: "name"
        case .foreignKey(let application, let device, let key): "foreign-key:\(application)/\(device)/\(key)"
        case .field(let column): "field:\(column)"
        }
    }

    /// The key as SuperOffice would show it: trimmed of whitespace (and newlines), in Unicode NFC.
    public static func normalizedKey(_ raw: String) -> String {
        let text = trimmed(raw)
        return String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// Whether the project's value for this match equals `key`, both normalised (`normalizedKey(_:)`):
    /// names and fields case-insensitively, numbers exactly, ids as integers. For a foreign key, the
    /// project's `fields[description]` when the caller put the key's value there, exactly; false otherwise
    /// (`SuperOfficeClient.resolveProjects(_:by:logger:)` trusts the server's key lookup).
    public func matches(_ project: ProjectSummary, key: String) -> Bool {
        let key = Self.normalizedKey(key)
        switch self {
        case .id:
            return Self.projectId(key) == project.projectId
        case .number:
            return !key.isEmpty && Self.normalizedKey(project.number) == key
        case .name:
            return !key.isEmpty && Self.folded(Self.normalizedKey(project.name)) == Self.folded(key)
        case .field(let column):
            guard !key.isEmpty, let value = project.field(column) else { return false }
            return Self.folded(Self.normalizedKey(value)) == Self.folded(key)
        case .foreignKey:
            guard !key.isEmpty, let value = project.fields[description] else { return false }
            return Self.normalizedKey(value) == key
        }
    }

    // MARK: Helpers

    /// The OData column the match compares, for a list filter (nil for a foreign key).
    var column: String? {
        switch self {
        case .id: "projectId"
        case .number: "number"
        case .name: "name"
        case .field(let column): column
        case .foreignKey: nil
        }
    }

    /// The normalised key's form for comparing rows: folded for names and fields, as is for numbers.
    func comparable(_ normalizedKey: String) -> String {
        switch self {
        case .name, .field: Self.folded(normalizedKey)
        default: normalizedKey
        }
    }

    /// A decimal project id (ASCII digits only, a valid id), or nil.
    static func projectId(_ normalizedKey: String) -> Int? {
        guard !normalizedKey.isEmpty, normalizedKey.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let id = Int(normalizedKey), ProjectIdentifier.isValid(id)
        else { return nil }
        return id
    }

    /// Whether `column` can go into a filter as it is: letters, digits and `_ . / :`, starting with a letter.
    static func isValidColumn(_ column: String) -> Bool {
        guard let first = column.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return column.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_./:".unicodeScalars.contains(scalar))
        }
    }

    static func folded(_ text: String) -> String { text.lowercased() }

    static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        slice = slice.drop { $0.isWhitespace }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    private static func parseError(_ text: String, detail: String?) -> WebAPIError {
        WebAPIError(
            code: .invalidArgument,
            message: "Cannot read \"\(text)\" as a way to match projects"
                + (detail.map { ": \($0)" } ?? "")
                + "; accepted: id, number, name, foreign-key:APP/DEVICE/KEY, field:COLUMN",
            attempts: 0)
    }
}

extension ProjectSummary {
    /// The value of a selected column: by its name as given, else by the name in any case.
    func field(_ column: String) -> String? {
        if let value = fields[column] { return value }
        let lowered = column.lowercased()
        return fields.first { $0.key.lowercased() == lowered }?.value
    }
}
