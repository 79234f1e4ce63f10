#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LibC

/// The projects a sandbox has (`SandboxConfiguration.projects`): each one's id, number, name, outside keys and
/// custom fields, as the FindProject archive (`GET api/v1/Project`) and the foreign-key lookup
/// (`GET api/v1/ForeignApp/…`) answer them. With a catalogue, only its project ids exist.
///
/// A catalogue is usually read from CSV (`init(csv:source:)`, `load(path:)`):
///
/// ```text
/// projectId,number,name,foreignKey:ERP/main/ProjectNo,projectUdef/SuperOffice:1
/// 25,10033,"Ålesund kai",P-10033,north
/// 26,10034,"O'Brien, Dublin",,
/// ```
///
/// Project ids are unique; numbers and names need not be (SuperOffice does not guarantee unique numbers).
public struct SandboxProjectCatalogue: Sendable, Hashable {
    /// One project of the catalogue.
    public struct Project: Sendable, Hashable {
        /// The project id (a positive 32-bit integer).
        public var projectId: Int
        /// The project number; may be empty, and need not be unique.
        public var number: String
        /// The project name; need not be unique.
        public var name: String
        /// The project's outside keys, by `APP/DEVICE/KEY` (application, device and key name, e.g.
        /// `ERP/main/ProjectNo`), each the key's value for this project.
        public var foreignKeys: [String: String]
        /// Custom-field values by OData column name, `projectUdef/SuperOffice:N` (spelt so by the catalogue,
        /// whatever case it was given in).
        public var fields: [String: String]

        /// Makes a project.
        public init(
            projectId: Int, number: String = "", name: String = "", foreignKeys: [String: String] = [:],
            fields: [String: String] = [:]
        ) {
            self.projectId = projectId
            self.number = number
            self.name = name
            self.foreignKeys = foreignKeys
            self.fields = fields
        }
    }

    /// The projects, by ascending project id.
    public let projects: [Project]
    /// The custom-field columns the catalogue has (`projectUdef/SuperOffice:N`), by ascending N.
    public let fieldColumns: [String]
    /// The outside keys the catalogue has (`APP/DEVICE/KEY`), as first spelt, in the order first met.
    public let foreignKeyNames: [String]
    /// Index of each project in `projects`, by id.
    private let positions: [Int: Int]

    /// How many projects the catalogue has.
    public var count: Int { projects.count }

    /// The project with this id, if the catalogue has it.
    public func project(id: Int) -> Project? { positions[id].map { projects[$0] } }

    /// Makes a catalogue of these projects (in any order), for projects built in code (a test's fixture).
    ///
    /// Like `Dictionary(uniqueKeysWithValues:)`, it traps on a mistake in them: a project id that is not a
    /// positive 32-bit integer or is repeated, a custom field not named `projectUdef/SuperOffice:N`, an outside
    /// key not named `APP/DEVICE/KEY`. Use `init(validating:)` for projects from elsewhere.
    public init(projects: [Project]) {
        do {
            try self.init(validating: projects)
        } catch {
            preconditionFailure(error.message)
        }
    }

    /// Makes a catalogue of these projects (in any order), checking them.
    ///
    /// - Throws: `SandboxError` (`invalidProjectCatalogue`) for a project id that is not a positive 32-bit
    ///   integer or is repeated, a custom field not named `projectUdef/SuperOffice:N`, or an outside key not
    ///   named `APP/DEVICE/KEY`.
    public init(validating projects: [Project]) throws(SandboxError) {
        try self.init(projects: projects, source: "the project catalogue", lines: nil)
    }

    /// Reads a catalogue from CSV text (RFC 4180: commas, double quotes with `""` for a quote, CRLF or LF; a
    /// UTF-8 byte order mark is allowed). The header row names the columns, in any order and any case:
    /// `projectId`, `number` and `name` (all three required), then any number of `foreignKey:APP/DEVICE/KEY`
    /// columns (an empty cell: the project has no such key) and custom-field columns headed by their OData
    /// name, `projectUdef/SuperOffice:N`. Empty lines are skipped.
    ///
    /// - Parameters:
    ///   - text: the CSV.
    ///   - source: what the text is, for messages (e.g. the file's path).
    /// - Throws: `SandboxError` (`invalidProjectCatalogue`) naming `source` and the line: a missing header or
    ///   required column, an unknown or repeated column, a row with too few or too many fields, a project id that
    ///   is not a positive 32-bit integer, a repeated project id, broken quoting.
    public init(csv text: String, source: String) throws(SandboxError) {
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords(text).records
        } catch {
            throw Self.error(source, line: error.line, error.message)
        }
        guard let header = records.first else {
            throw Self.error(source, line: 1, "the header row is missing (projectId,number,name, then any foreignKey:APP/DEVICE/KEY and projectUdef/SuperOffice:N columns)")
        }
        let columns = try Self.columns(header, source: source)
        var projects: [Project] = []
        var lines: [Int] = []
        projects.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                throw Self.error(source, line: record.line, "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), but the header has \(columns.count) columns")
            }
            var project = Project(projectId: 0)
            for (column, value) in zip(columns, record.fields) {
                switch column {
                case .projectId:
                    guard let id = Int(value.trimmingSpaces()), Self.isValidId(id) else {
                        throw Self.error(source, line: record.line, "projectId '\(value)' is not a positive 32-bit integer")
                    }
                    project.projectId = id
                case .number: project.number = value
                case .name: project.name = value
                case .foreignKey(let key): if !value.isEmpty { project.foreignKeys[key] = value }
                case .field(let name): project.fields[name] = value
                }
            }
            projects.append(project)
            lines.append(record.line)
        }
        try self.init(projects: projects, source: source, lines: lines, fieldColumns: columns.compactMap {
            if case .field(let name) = $0 { name } else { nil }
        })
    }

    /// Reads a catalogue from a CSV file (see `init(csv:source:)`).
    ///
    /// - Throws: `SandboxError` (`invalidProjectCatalogue`) when the file can not be read, is not UTF-8, or is
    ///   not a valid catalogue (the message names the path and the line).
    public static func load(path: String) throws(SandboxError) -> SandboxProjectCatalogue {
        func fail(_ cause: String) -> SandboxError {
            // strerror's words, starting in lower case as they continue the sentence: `no such file or directory`
            let why = cause.prefix(1).lowercased() + cause.dropFirst()
            return SandboxError(code: .invalidProjectCatalogue, message: "Cannot read the project catalogue \(path): \(why)")
        }
        // POSIX reads, so a failure is said in the C library's words (`no such file or directory`), never NSError's
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fail(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw fail(String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SandboxError(code: .invalidProjectCatalogue, message: "The project catalogue \(path) is not UTF-8 text")
        }
        return try SandboxProjectCatalogue(csv: text, source: path)
    }

    // MARK: Building

    private init(projects: [Project], source: String, lines: [Int]?, fieldColumns: [String] = []) throws(SandboxError) {
        func line(_ index: Int) -> Int? { lines.map { $0[index] } }
        var positions: [Int: Int] = [:]
        var fieldNumbers: [Int: String] = [:]
        for name in fieldColumns {
            if let number = Self.fieldNumber(name) { fieldNumbers[number] = name }
        }
        var keyNames: [String] = []
        var keySpelling: [String: String] = [:]
        var checked: [Project] = []
        checked.reserveCapacity(projects.count)
        for (index, original) in projects.enumerated() {
            var project = original
            guard Self.isValidId(project.projectId) else {
                throw Self.error(source, line: line(index), "projectId \(project.projectId) is not a positive 32-bit integer")
            }
            if let earlier = positions[project.projectId] {
                let first = lines.map { " (first on line \($0[earlier]))" } ?? ""
                throw Self.error(source, line: line(index), "projectId \(project.projectId) is repeated\(first); project ids are unique")
            }
            positions[project.projectId] = index
            var fields: [String: String] = [:]
            for (name, value) in project.fields {
                guard let number = Self.fieldNumber(name) else {
                    throw Self.error(source, line: line(index), "custom field '\(name)' is not named projectUdef/SuperOffice:N")
                }
                let canonical = Self.fieldColumn(number)
                guard fields[canonical] == nil else {
                    throw Self.error(source, line: line(index), "custom field \(canonical) is given twice")
                }
                fields[canonical] = value
                fieldNumbers[number] = canonical
            }
            project.fields = fields
            for key in project.foreignKeys.keys.sorted() {
                guard Self.isForeignKeyName(key) else {
                    throw Self.error(source, line: line(index), "outside key '\(key)' is not named APP/DEVICE/KEY")
                }
                if keySpelling[key.lowercased()] == nil {
                    keySpelling[key.lowercased()] = key
                    keyNames.append(key)
                }
            }
            checked.append(project)
        }
        var sorted = checked
        sorted.sort { $0.projectId < $1.projectId }
        var sortedPositions: [Int: Int] = [:]
        sortedPositions.reserveCapacity(sorted.count)
        for (index, project) in sorted.enumerated() { sortedPositions[project.projectId] = index }
        self.projects = sorted
        self.positions = sortedPositions
        self.fieldColumns = fieldNumbers.keys.sorted().map { Self.fieldColumn($0) }
        self.foreignKeyNames = keyNames
    }

    /// A CSV column.
    private enum Column: Hashable {
        case projectId, number, name
        case foreignKey(String)
        case field(String)
    }

    private static func columns(_ header: CSVRecords.Record, source: String) throws(SandboxError) -> [Column] {
        var columns: [Column] = []
        var seen: Set<String> = []
        for heading in header.fields {
            let name = heading.trimmingSpaces()
            let lower = name.lowercased()
            let column: Column
            switch lower {
            case "projectid": column = .projectId
            case "number": column = .number
            case "name": column = .name
            default:
                if lower.hasPrefix("foreignkey:") {
                    let key = String(name.dropFirst("foreignKey:".count))
                    guard isForeignKeyName(key) else {
                        throw error(source, line: header.line, "column '\(name)' does not name an outside key as foreignKey:APP/DEVICE/KEY")
                    }
                    column = .foreignKey(key)
                } else if let number = fieldNumber(name) {
                    column = .field(fieldColumn(number))
                } else {
                    throw error(source, line: header.line, "unknown column '\(name)' (the columns are projectId, number, name, foreignKey:APP/DEVICE/KEY and projectUdef/SuperOffice:N)")
                }
            }
            let identity = switch column {
            case .foreignKey(let key): "foreignkey:" + key.lowercased()
            case .field(let field): field
            default: lower
            }
            guard seen.insert(identity).inserted else {
                throw error(source, line: header.line, "column '\(name)' is repeated")
            }
            columns.append(column)
        }
        for (required, spelt) in [(Column.projectId, "projectId"), (.number, "number"), (.name, "name")] where !columns.contains(required) {
            throw error(source, line: header.line, "the header has no \(spelt) column (it needs projectId, number and name)")
        }
        return columns
    }

    /// The N of a custom-field column name `projectUdef/SuperOffice:N` (any case), if it is one.
    static func fieldNumber(_ name: String) -> Int? {
        let prefix = "projectudef/superoffice:"
        let lower = name.lowercased()
        guard lower.hasPrefix(prefix), let number = Int(lower.dropFirst(prefix.count)), number > 0,
              String(number) == lower.dropFirst(prefix.count)
        else { return nil }
        return number
    }

    /// The custom-field column name of N, `projectUdef/SuperOffice:N`.
    static func fieldColumn(_ number: Int) -> String { "projectUdef/SuperOffice:\(number)" }

    /// Whether `name` is `APP/DEVICE/KEY`: three non-empty parts.
    static func isForeignKeyName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty }
    }

    static func isValidId(_ id: Int) -> Bool { id > 0 && id <= Int(Int32.max) }

    private static func error(_ source: String, line: Int?, _ message: String) -> SandboxError {
        SandboxError(code: .invalidProjectCatalogue, message: "\(source)\(line.map { " line \($0)" } ?? ""): \(message)")
    }
}
