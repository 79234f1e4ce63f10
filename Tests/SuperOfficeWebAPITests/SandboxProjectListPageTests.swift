import Foundation
import NIOHTTP1
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The pictures page (`GET /`) with a project catalogue: each project's number and name, the file each picture
/// came from, 100 rows a page, a search.
@Suite struct SandboxProjectListPageTests {
    typealias Project = SandboxProjectCatalogue.Project

    static func page(_ sandbox: SandboxServer, _ query: String = "") async throws -> String {
        let answer = try await SandboxContractTests.raw(sandbox, .GET, query.isEmpty ? "" : "?" + query, authorize: false)
        #expect(answer.status == 200)
        #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
        return answer.text
    }

    static func imageCount(_ html: String) -> Int { html.components(separatedBy: "<img ").count - 1 }

    @Test func rowsShowNumberNameAndFileAndComeAHundredAPage() async throws {
        let catalogue = SandboxProjectCatalogue(projects: (1...160).map {
            Project(projectId: $0, number: "N-\(1000 + $0)", name: $0 == 7 ? "Ålesund <kai> & co" : "Project \($0)")
        })
        try await SandboxServer.withSandbox(SandboxConfiguration(projects: catalogue), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            for id in 1...150 {
                _ = try await client.uploadProjectImage(projectId: id, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            }
            var info = try await client.projectImageInfo(projectId: 7, logger: quietLogger)
            info.extraInfo = "sha256=abc;file=IMG%20007%20%C3%A5%2B1.jpg;w=1"
            _ = try await client.putProjectImageInfo(projectId: 7, info, logger: quietLogger)

            let first = try await Self.page(sandbox)
            #expect(first.contains("150 projects with a picture."))
            #expect(Self.imageCount(first) == 100)
            #expect(first.contains("loading=\"lazy\""))
            #expect(first.contains("data-images=\"0\" data-loaded=\"0\""), "set by the page's script")
            #expect(first.contains("<td>N-1007</td><td>Ålesund &lt;kai&gt; &amp; co</td>"))
            #expect(first.contains("<td class=\"file\">IMG 007 å+1.jpg</td>"), "the file fact, decoded")
            #expect(first.contains("<td class=\"file\">—</td>"), "no file fact")
            #expect(first.contains("Page 1 of 2") && first.contains("href=\"/?page=2\"") && !first.contains("rel=\"prev\""))
            #expect(first.contains("data-project=\"100\"") && !first.contains("data-project=\"101\""))

            let second = try await Self.page(sandbox, "page=2")
            #expect(Self.imageCount(second) == 50)
            #expect(second.contains("data-project=\"101\"") && second.contains("data-project=\"150\""))
            #expect(second.contains("Page 2 of 2") && second.contains("href=\"/?page=1\"") && !second.contains("rel=\"next\""))
            #expect(Self.imageCount(try await Self.page(sandbox, "page=99")) == 50, "a page past the end shows the last")

            let byName = try await Self.page(sandbox, "q=%C3%85LESUND")
            #expect(Self.imageCount(byName) == 1 && byName.contains("data-project=\"7\""))
            #expect(byName.contains("1 of 150 projects with a picture match"))
            #expect(byName.contains("value=\"ÅLESUND\""))
            let byNumber = try await Self.page(sandbox, "q=n-110")
            // N-1100 … N-1109
            #expect(Self.imageCount(byNumber) == 10)
            // "42" is project 42's id, and in the names and numbers of 42 and 142
            let byText = try await Self.page(sandbox, "q=42")
            #expect(Self.imageCount(byText) == 2 && byText.contains("data-project=\"42\"") && byText.contains("data-project=\"142\""))
            let paged = try await Self.page(sandbox, "q=project")
            #expect(Self.imageCount(paged) == 100 && paged.contains("href=\"/?page=2&amp;q=project\""))
        }
    }

    @Test func withoutACatalogueNumberAndNameAreBlank() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.uploadProjectImage(projectId: 5, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let html = try await Self.page(sandbox)
            #expect(html.contains("<tr><td class=\"id\">5</td><td></td><td></td>"))
            #expect(html.contains("1 project with a picture."))
            #expect(Self.imageCount(try await Self.page(sandbox, "q=5")) == 1)
            #expect(Self.imageCount(try await Self.page(sandbox, "q=kai")) == 0)
        }
    }
}
