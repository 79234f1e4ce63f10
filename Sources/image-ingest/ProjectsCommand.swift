import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// `image-ingest projects`: the tenant's projects (id, number, name, chosen custom fields), to find keys or
/// start a manifest.
struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "List the server's projects: id, number and name (and --field columns), e.g. to start a manifest.",
        discussion: """
            Reads GET api/v1/Project (SuperOffice's FindProject archive) 1,000 projects a request, ordered by \
            project id, and prints each page as it arrives: an aligned table (default), one JSON object a line \
            (--json) or CSV with a header (--csv: projectId,number,name[,COLUMN…][,foreignKey:APP/DEVICE/KEY…], \
            RFC 4180 quoting; the key columns headed as the sandbox catalogue's). With --key it also asks GET \
            api/v1/Project/{id}/ForeignKey for each listed project, 4 at a time; a project without the key has it \
            blank. Nothing is written. With no server configured it lists the in-process sandbox's projects (--sandbox-projects).
            """)

    @Option(help: ArgumentHelp(
        "Only projects whose number begins with TEXT or whose name contains it (as the server compares, usually ignoring case).",
        valueName: "TEXT"))
    var filter: String?

    @Flag(help: "One JSON object per project: projectId, number, name, and fields (--field) and keys (--key) when given.")
    var json = false

    @Flag(help: "CSV with a header row: projectId,number,name, each --field column and each --key as foreignKey:APP/DEVICE/KEY.")
    var csv = false

    @Option(name: .customLong("field"), help: ArgumentHelp(
        "Also list this FindProject column, e.g. projectUdef/SuperOffice:1 (repeatable).", valueName: "COLUMN"))
    var fields: [String] = []

    @Option(name: .customLong("key"), help: ArgumentHelp(
        "Also list this outside system's key of each project, e.g. ERP/main/ProjectNo (repeatable; one request per project).",
        valueName: "APP/DEVICE/KEY"))
    var keys: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("List at most N projects (default: all).", valueName: "N"))
    var top: Int?

    @OptionGroup var connectionOptions: ConnectionOptions

    /// Projects a request.
    static let pageSize = 1000

    func validate() throws {
        if json, csv { throw ValidationError("--json and --csv: choose one") }
        if let top, top < 1 { throw ValidationError("--top \(top): must be 1 or more") }
        for field in fields {
            do {
                _ = try ProjectMatch(parsing: "field:" + field)
            } catch {
                throw ValidationError("--field \(field): a column is letters, digits and _ . / : (e.g. projectUdef/SuperOffice:1)")
            }
            if ["projectid", "number", "name"].contains(field.lowercased()) {
                throw ValidationError("--field \(field): listed anyway")
            }
        }
        for key in keys {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                throw ValidationError("--key \(key): an outside key is APP/DEVICE/KEY (e.g. ERP/main/ProjectNo)")
            }
        }
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        let connection: SuperOfficeConnection
        do throws(CLIFailure) {
            connection = try await connectionOptions.open(logger: logger)
        } catch {
            throw error.exit()
        }
        let query = ProjectListQuery(
            filter: filter.map(Self.filterExpression), select: ["projectId", "number", "name"] + fields,
            top: Self.pageSize)
        var output = ProjectsOutput(format: json ? .json : csv ? .csv : .table, fields: fields, keys: keys)
        var listed = 0
        var failure: WebAPIError?
        do throws(WebAPIError) {
            try await connection.client.forEachProjectPage(query, limit: top, logger: logger) { page throws(WebAPIError) in
                let projectKeys = keys.isEmpty
                    ? [:] : try await connection.client.projectForeignKeys(of: page.projects.map(\.projectId), logger: logger)
                output.write(page.projects, keys: projectKeys)
                listed += page.projects.count
            }
        } catch {
            failure = error
        }
        output.finish()
        await connection.close()
        guard let failure else { return }
        let redact = SecretRedactor(secrets: connection.secrets)
        let message = redact(failure.description) + (listed > 0 ? " (after \(listed) projects)" : "")
        switch failure.code {
        case .unauthorized:
            throw CLIFailure(message: "authentication refused: \(message)", status: IngestExitStatus.authenticationRefused).exit()
        case .cannotConnect, .transport, .timeout, .serverError:
            throw CLIFailure(message: message, status: IngestExitStatus.serverUnreachable).exit()
        default:
            throw CLIFailure.configuration("listing the projects failed: \(message)").exit()
        }
    }

    /// `number begins 'T' or name contains 'T'`, the text escaped.
    static func filterExpression(_ text: String) -> String {
        let literal = ODataLiteral.string(ProjectMatch.normalizedKey(text))
        return "number begins \(literal) or name contains \(literal)"
    }
}

/// How `projects` prints: a table whose columns widen as wider values arrive, JSON lines, or CSV.
struct ProjectsOutput {
    enum Format { case table, json, csv }

    let format: Format
    let fields: [String]
    /// The outside keys listed, `APP/DEVICE/KEY`.
    let keys: [String]
    private var widths: [Int]
    private var wroteHeader = false
    private var rows = 0

    init(format: Format, fields: [String], keys: [String] = []) {
        self.format = format
        self.fields = fields
        self.keys = keys
        widths = (["projectId", "number", "name"] + fields + keys).map(\.count)
    }

    /// The table's header: the fixed columns, the fields, the keys as `APP/DEVICE/KEY`.
    private var tableHeader: [String] { ["projectId", "number", "name"] + fields + keys }

    /// Prints one page's projects (and the header before the first), with their outside keys by project id
    /// (blank for a key a project lacks).
    mutating func write(_ projects: [ProjectSummary], keys projectKeys: [Int: [ProjectForeignKey]] = [:]) {
        func keyValue(_ project: ProjectSummary, _ key: String) -> String {
            ProjectForeignKey.value(of: key, in: projectKeys[project.projectId] ?? []) ?? ""
        }
        switch format {
        case .json:
            for project in projects {
                var line = JSONLine()
                line.add("projectId", project.projectId)
                line.add("number", project.number)
                line.add("name", project.name)
                if !fields.isEmpty {
                    var values = JSONLine()
                    for field in fields { values.add(field, project.fields[field] ?? "") }
                    line.addRaw("fields", values.line)
                }
                if !keys.isEmpty {
                    var values = JSONLine()
                    for key in keys { values.add(key, keyValue(project, key)) }
                    line.addRaw("keys", values.line)
                }
                Terminal.standardOutput(line.line)
            }
        case .csv:
            if !wroteHeader {
                Terminal.standardOutput((["projectId", "number", "name"] + fields + keys.map { "foreignKey:" + $0 })
                    .map(Manifest.quotedField).joined(separator: ","))
                wroteHeader = true
            }
            for project in projects {
                Terminal.standardOutput((cells(project) + keys.map { keyValue(project, $0) })
                    .map(Manifest.quotedField).joined(separator: ","))
            }
        case .table:
            let cellRows = projects.map { project in cells(project) + keys.map { Self.oneLine(keyValue(project, $0)) } }
            for row in cellRows {
                for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
            }
            if !wroteHeader {
                Terminal.standardOutput(tableLine(tableHeader))
                wroteHeader = true
            }
            for row in cellRows { Terminal.standardOutput(tableLine(row)) }
        }
        rows += projects.count
    }

    /// Ends the listing: the table's header even when there was nothing, and its count on stderr.
    mutating func finish() {
        switch format {
        case .table:
            if !wroteHeader { Terminal.standardOutput(tableLine(tableHeader)) }
            Terminal.standardError("\(rows) project\(rows == 1 ? "" : "s")")
        case .csv:
            if !wroteHeader { write([]) }
        case .json:
            break
        }
    }

    private func cells(_ project: ProjectSummary) -> [String] {
        ["\(project.projectId)", Self.oneLine(project.number), Self.oneLine(project.name)]
            + fields.map { Self.oneLine(project.fields[$0] ?? "") }
    }

    /// The id right-aligned, the others left-aligned, two spaces apart; the last column unpadded.
    private func tableLine(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
            if index == 0 {
                line += pad + cell
            } else {
                line += "  " + cell + (index == cells.count - 1 ? "" : pad)
            }
        }
        return line
    }

    /// A table cell keeps to its line: line breaks and tabs become spaces.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
