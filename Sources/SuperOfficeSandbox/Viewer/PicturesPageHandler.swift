import HTTPTypes
import Hummingbird
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `GET /`: an HTML page listing the projects with a picture (the project's number and name from the catalogue,
/// the picture itself, the file it came from, its type, sizes, dates, description and ExtraInfo), so a person
/// can look at what was submitted. No credentials: it serves a local sandbox's own data to whoever can reach it,
/// like the rest of the sandbox.
///
/// `?q=TEXT` keeps the projects whose number or name contains TEXT (case-insensitively) or whose id is TEXT;
/// the rows come `pageSize` a page, `?page=N` (from 1), with links to the previous and next pages. Pictures
/// load lazily (`loading="lazy"`). The file is the `file=` fact of the ExtraInfo's `;`-separated facts
/// (percent-encoded there, shown decoded; "—" when there is none).
///
/// `<body>` carries `data-images` (the pictures on the page) and `data-loaded` (those the browser has decoded,
/// counted again as each one loads or fails, and at the page's load event), so a headless browser can tell
/// that each picture loads.
struct PicturesPageHandler: Sendable {
    let state: SandboxState
    let projects: SandboxProjects

    /// Rows a page shows.
    static let pageSize = 100

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let pictures = await state.allImages()
        context.logEntry.applied()
        let query = QueryParameters(request.uri.query)
        let search = (query["q"] ?? "").trimmingSpaces()
        let matching = search.isEmpty ? pictures : pictures.filter { matches(search, projectId: $0.projectId) }
        let pageCount = max(1, (matching.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, query["page"].flatMap { Int($0.trimmingSpaces()) } ?? 1), pageCount)
        let shown = matching.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        var rows = ""
        for (projectId, image) in shown {
            let picture: String
            if image.bytes != nil, !image.isZipped {
                picture = "<img src=\"/_sandbox/pictures/\(projectId)?blob=\(image.blobId)\" alt=\"project \(projectId)\" "
                    + "loading=\"lazy\" data-project=\"\(projectId)\">"
            } else if image.isZipped {
                picture = "<span class=\"note\">stored zipped (IsZipped): no viewer can show it</span>"
            } else {
                picture = "<span class=\"note\">bitmap evicted (the sandbox keeps the latest uploads only)</span>"
            }
            let project = projects.project(id: projectId)
            rows += """
                <tr><td class="id">\(projectId)</td><td>\(Self.escape(project?.number ?? ""))</td><td>\(Self.escape(project?.name ?? ""))</td>
                <td>\(picture)</td><td class="file">\(Self.escape(Self.fileName(extraInfo: image.extraInfo) ?? "—"))</td>
                <td>\(Self.escape(image.mimeType))</td><td class="n">\(image.originalSize)</td><td class="n">\(image.blobSize)</td>
                <td>\(image.blobId)</td><td>\(Self.date(image.created))</td><td>\(Self.date(image.updated))</td>
                <td>\(Self.escape(image.description))</td><td class="extra">\(Self.escape(image.extraInfo))</td></tr>

                """
        }
        let plural = pictures.count == 1 ? "" : "s"
        let count = search.isEmpty
            ? "\(pictures.count) project\(plural) with a picture."
            : "\(matching.count) of \(pictures.count) project\(plural) with a picture match \u{201C}\(Self.escape(search))\u{201D}."
        func link(_ target: Int) -> String {
            "/?page=\(target)" + (search.isEmpty ? "" : "&amp;q=" + search.addingQueryValueEscapes())
        }
        var navigation = "Page \(page) of \(pageCount)"
        if page > 1 { navigation = "<a rel=\"prev\" href=\"\(link(page - 1))\">previous</a> · " + navigation }
        if page < pageCount { navigation += " · <a rel=\"next\" href=\"\(link(page + 1))\">next</a>" }
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Sandbox pictures (\(pictures.count))</title>
            <style>
            body { font: 14px system-ui, sans-serif; margin: 1.5em; }
            table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: middle; }
            img { max-width: 160px; max-height: 120px; } .n { text-align: right; } .note { color: #a33; }
            .extra, .file { font-family: monospace; font-size: 12px; word-break: break-all; max-width: 28em; }
            nav { margin: 0.8em 0; }
            </style></head>
            <body data-images="0" data-loaded="0">
            <h1>Project pictures in this sandbox</h1>
            <form method="get" action="/"><input type="search" name="q" value="\(Self.escape(search))" placeholder="number, name or project id">
            <button type="submit">Search</button></form>
            <p id="count">\(count)</p>
            <nav>\(navigation)</nav>
            <table><thead><tr><th>Project</th><th>Number</th><th>Name</th><th>Picture</th><th>File</th><th>MimeType</th>
            <th>OriginalSize</th><th>BlobSize</th><th>BlobId</th><th>Created (UTC)</th><th>Updated (UTC)</th><th>Description</th>
            <th>ExtraInfo</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <nav>\(navigation)</nav>
            <script>
            (function () {
              var images = Array.prototype.slice.call(document.images);
              var body = document.body;
              function count() {
                body.dataset.loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              }
              body.dataset.images = images.length;
              images.forEach(function (i) { i.addEventListener("load", count); i.addEventListener("error", count); });
              window.addEventListener("load", count);
              count();
            })();
            </script>
            </body></html>
            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Whether a project answers a search: its id is the text, or its number or name contains it (any case).
    func matches(_ search: String, projectId: Int) -> Bool {
        if String(projectId) == search { return true }
        guard let project = projects.project(id: projectId) else { return false }
        let folded = ODataComparison.fold(search)
        return ODataComparison.fold(project.number).contains(folded) || ODataComparison.fold(project.name).contains(folded)
    }

    /// The file a picture came from: the `file=` fact among ExtraInfo's `;`-separated facts, percent-decoded.
    static func fileName(extraInfo: String) -> String? {
        for fact in extraInfo.split(separator: ";") {
            let fact = String(fact).trimmingSpaces()
            if fact.hasPrefix("file=") {
                let name = String(fact.dropFirst("file=".count)).removingPercentEncodingLite(plusIsSpace: false)
                return name.isEmpty ? nil : name
            }
        }
        return nil
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon))
    }
}
