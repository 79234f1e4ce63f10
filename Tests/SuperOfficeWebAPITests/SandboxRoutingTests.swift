import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The sandbox's router: what a request no operation takes is answered, and how `withSandbox` scopes a sandbox.
@Suite struct SandboxRoutingTests {
    @Test func anUnknownPathIs404BeforeAnyCredentialCheckAndIsLogged() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(sitePath: "Cust12345"), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/5/Picture", authorize: false)
            #expect(answer.status == 404)
            #expect(answer.errorBody?.errorType == "NotFound")
            #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            // the site path is part of every route: without it, nothing is found
            let port = sandbox.port
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/Project/5/Image")
            for field in sandbox.credentials.headerFields { request.headers.add(name: field.name, value: field.value) }
            let withoutSite = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(withoutSite.status == .notFound)
            let log = await sandbox.requestLog()
            #expect(log.map(\.status) == [404, 404])
            #expect(log.map(\.operation) == [.unknown, .unknown])
            #expect(log.map(\.sequence) == [1, 2])
            #expect(log.first?.projectId == nil)
        }
    }

    @Test(arguments: [("api/v1/Project/5/Image", "GET, PUT, POST, DELETE"), ("api/v1/project/5/IMAGEINFO", "GET, PUT")])
    func aMethodTheResourceDoesNotServeIs405AfterTheCredentialCheck(path: String, allow: String) async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            for method in [HTTPMethod.PATCH, .OPTIONS, .HEAD, .PROPFIND] {
                let answer = try await SandboxContractTests.raw(sandbox, method, path)
                #expect(answer.status == 405)
                #expect(answer.headers.first(name: "Allow") == allow)
            }
            let anonymous = try await SandboxContractTests.raw(sandbox, .PATCH, path, authorize: false)
            #expect(anonymous.status == 401)
            let log = await sandbox.requestLog()
            #expect(log.map(\.status) == [405, 405, 405, 405, 401])
            #expect(log.allSatisfy { $0.operation == .unknown && $0.projectId == 5 && !$0.applied })
        }
    }

    struct Planned: Error {}

    @Test func withSandboxShutsTheSandboxDownWhenTheBodyThrows() async throws {
        var escaped: SandboxServer?
        do {
            try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
                escaped = sandbox
                throw Planned()
            }
            Issue.record("the body's error was not rethrown")
        } catch is Planned {}
        let sandbox = try #require(escaped)
        let client = try makeClient(sandbox, retryPolicy: .none)
        let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
        #expect(error?.code == .cannotConnect, "nothing listens on \(sandbox.baseURL) any more")
    }

    @Test func waitingOnTheRequestLogEndsWithTheRecordItWaitsFor() async throws {
        let answered = try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            async let log = sandbox.waitForRequestLog { $0.contains { $0.operation == .getImageInfo && $0.succeeded } }
            _ = try await makeClient(sandbox).projectImageInfo(projectId: 3, logger: quietLogger)
            return await log
        }
        #expect(answered.map(\.projectId) == [3])
    }
}
