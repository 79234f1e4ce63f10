import HTTPTypes
import Hummingbird
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `GET /`: an HTML page listing every project with a picture (the picture itself, its type, sizes, dates,
/// description and ExtraInfo), so a person can look at what was submitted. No credentials: it serves a local
/// sandbox's own data to whoever can reach it, like the rest of the sandbox.
///
/// When the page has loaded, `<body>` carries `data-images` (the pictures on the page) and `data-loaded`
/// (those the browser decoded), so a headless browser can tell that each picture loads.
struct PicturesPageHandler: Sendable {
    let state: SandboxState

    @Sendable func handle(_ request: Request, context: SandboxRequestContext) async throws -> Response {
        let pictures = await state.allImages()
        context.logEntry.applied()
        var rows = ""
        for (projectId, image) in pictures {
            let picture: String
            if image.bytes != nil, !image.isZipped {
                picture = "<img src=\"/_sandbox/pictures/\(projectId)?blob=\(image.blobId)\" alt=\"project \(projectId)\" "
                    + "loading=\"eager\" data-project=\"\(projectId)\">"
            } else if image.isZipped {
                picture = "<span class=\"note\">stored zipped (IsZipped): no viewer can show it</span>"
            } else {
                picture = "<span class=\"note\">bitmap evicted (the sandbox keeps the latest uploads only)</span>"
            }
            rows += """
                <tr><td class="id">\(projectId)</td><td>\(picture)</td>
                <td>\(Self.escape(image.mimeType))</td><td class="n">\(image.originalSize)</td><td class="n">\(image.blobSize)</td>
                <td>\(image.blobId)</td><td>\(Self.date(image.created))</td><td>\(Self.date(image.updated))</td>
                <td>\(Self.escape(image.description))</td><td class="extra">\(Self.escape(image.extraInfo))</td></tr>

                """
        }
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Sandbox pictures (\(pictures.count))</title>
            <style>
            body { font: 14px system-ui, sans-serif; margin: 1.5em; }
            table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: middle; }
            img { max-width: 160px; max-height: 120px; } .n { text-align: right; } .note { color: #a33; }
            .extra { font-family: monospace; font-size: 12px; word-break: break-all; max-width: 28em; }
            </style></head>
            <body data-images="0" data-loaded="0">
            <h1>Project pictures in this sandbox</h1>
            <p id="count">\(pictures.count) project\(pictures.count == 1 ? "" : "s") with a picture.</p>
            <table><thead><tr><th>Project</th><th>Picture</th><th>MimeType</th><th>OriginalSize</th><th>BlobSize</th>
            <th>BlobId</th><th>Created (UTC)</th><th>Updated (UTC)</th><th>Description</th><th>ExtraInfo</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <script>
            window.addEventListener("load", function () {
              var images = Array.prototype.slice.call(document.images);
              document.body.dataset.images = images.length;
              document.body.dataset.loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
            });
            </script>
            </body></html>
            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
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
