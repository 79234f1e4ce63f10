import HTTPTypes
import Hummingbird

/// `GET api/v1/Project`: the OData list of the FindProject archive over the sandbox's projects
/// (`SandboxConfiguration.projects`), filtered by `$filter`, ordered by `$orderBy` (by project id by default),
/// paged by `$top` (1000 rows by default, at most 5000) and `$skip`, with the `$select` columns
/// (`projectId,number,name` by default), Slim or Full (`$mode`).
///
/// A page that leaves rows for later carries `odata.nextLink`: this request's URL with `$skip` advanced past the
/// page (none with `$top=0`). A query option that can not be used is answered 400 with the WebAPI's error body,
/// naming the option, the problem and, in a filter, its position. Without a catalogue, the rows are those of the
/// ids the filter names (see `SandboxProjects.rows(matching:)`).
struct ProjectListHandler: Sendable {
    let projects: SandboxProjects
    /// The site path (no slashes at the ends), for the answer's `odata.metadata` URL.
    let sitePath: String

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let options: ProjectListOptions
        do {
            options = try ProjectListOptions(QueryParameters(request.uri.query), columns: projects.columns)
        } catch {
            throw WebAPIErrorResponse(400, type: "BadRequest", message: "The request is invalid: \(error.message)")
        }
        let rows = options.ordered(projects.rows(matching: options.filter))
        let start = min(options.skip, rows.count)
        let end = min(start + options.top, rows.count)
        let origin = "http://" + (request.head.authority ?? "127.0.0.1")
        let base = origin + "/" + (sitePath.isEmpty ? "" : sitePath + "/")
        let nextLink = end < rows.count && options.top > 0
            ? origin + request.uri.path + "?" + Self.query(request.uri.query, skip: end) : nil
        context.logEntry.applied()
        return .json(.ok, ProjectListAnswer.json(
            rows: rows[start..<end], select: options.select, mode: options.mode,
            metadata: base + "api/v1/$metadata#Project", nextLink: nextLink))
    }

    /// The query string with `$skip` (any case, percent-encoded or not) set to `skip`, the rest as it was.
    static func query(_ query: String?, skip: Int) -> String {
        var parts: [String] = []
        var replaced = false
        for pair in (query ?? "").split(separator: "&") {
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if String(name).removingPercentEncodingLite().lowercased() == "$skip" {
                if !replaced { parts.append("$skip=\(skip)") }
                replaced = true
            } else {
                parts.append(String(pair))
            }
        }
        if !replaced { parts.append("$skip=\(skip)") }
        return parts.joined(separator: "&")
    }
}
