import ArgumentParser
import Foundation
import Logging
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
            (--json) or CSV with a header (--csv: projectId,number,name[,COLUMN…], RFC 4180 quoting). Nothing \
            is written. With no server configured it lists the in-process sandbox's projects (--sandbox-projects).
            """)

    @Option(help: ArgumentHelp(
        "Only projects whose number begins with TEXT or whose name contains it (as the server compares, usually ignoring case).",
        valueName: "TEXT"))
    var filter: String?

    @Flag(help: "One JSON object per project: projectId, number, name, and fields when --field is given.")
    var json = false

    @Flag(help: "CSV with a header row: projectId,number,name and each --field column.")
    var csv = false

    @Option(name: .customLong("field"), help: ArgumentHelp(
        "Also list this FindProject column, e.g. projectUdef/SuperOffice:1 (repeatable).", valueName: "COLUMN"))
    var fields: [String] = []

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
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        let connection: Connection
        do throws(CLIFailure) {
            connection = try await Connection.open(connectionOptions, logger: logger)
        } catch {
            throw error.exit()
        }
        var query = ProjectListQuery(
            filter: filter.map(Self.filterExpression), select: ["projectId", "number", "name"] + fields,
            top: min(Self.pageSize, top ?? Self.pageSize))
        var output = ProjectsOutput(format: json ? .json : csv ? .csv : .table, fields: fields)
        var listed = 0
        var failure: WebAPIError?
        while true {
            let page: ProjectListPage
            do {
                page = try await connection.client.listProjects(query, logger: logger)
            } catch {
                failure = error
                break
            }
            output.write(top.map { Array(page.projects.prefix($0 - listed)) } ?? page.projects)
            listed += top.map { min(page.projects.count, $0 - listed) } ?? page.projects.count
            if let top, listed >= top { break }
            guard !page.projects.isEmpty, page.projects.count >= query.top || page.nextLink != nil else { break }
            query.skip += page.projects.count
            if let top { query.top = min(Self.pageSize, top - listed) }
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
    private var widths: [Int]
    private var wroteHeader = false
    private var rows = 0

    init(format: Format, fields: [String]) {
        self.format = format
        self.fields = fields
        widths = (["projectId", "number", "name"] + fields).map(\.count)
    }

    /// Prints one page's projects (and the header before the first).
    mutating func write(_ projects: [ProjectSummary]) {
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
                Terminal.standardOutput(line.line)
            }
        case .csv:
            if !wroteHeader {
                Terminal.standardOutput((["projectId", "number", "name"] + fields).map(Self.csvField).joined(separator: ","))
                wroteHeader = true
            }
            for project in projects {
                Terminal.standardOutput(cells(project).map(Self.csvField).joined(separator: ","))
            }
        case .table:
            let cellRows = projects.map(cells)
            for row in cellRows {
                for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
            }
            if !wroteHeader {
                Terminal.standardOutput(tableLine(["projectId", "number", "name"] + fields))
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
            if !wroteHeader { Terminal.standardOutput(tableLine(["projectId", "number", "name"] + fields)) }
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

    /// RFC 4180: quoted when it holds a comma, a quote, a line break (or starts or ends with a space); a
    /// quote inside doubled.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == ";" || $0.isNewline }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
