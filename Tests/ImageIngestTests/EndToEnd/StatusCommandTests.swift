import Foundation
import ImageFixtures
import SuperOfficeSandbox
import Testing

extension EndToEndTests {
    /// `status` counts one history per server, the current one first, and agrees with the import's words.
    @Suite struct StatusCommandTests {
        @Test(.sandbox()) func oneFolderTwoServersIsCountedPerServerCurrentFirst() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try FixtureFolder.goodImages(in: dir, count: 3, firstId: 100, side: 16)
            #expect(try await CLIRunner(extra: sandbox.environment).run(["import", dir.path]).status == 0)
            #expect(try await CLIRunner().run(["import", dir.path]).status == 0)
            try dir.write("103.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 103))

            let local = try await CLIRunner().run(["status", dir.path])
            #expect(local.status == 0, "\(local.stderr)")
            let lines = local.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("server: the in-process sandbox (current): 3 files: done 3, failed 0, not finished 1 (") },
                    "\(local.stdout)")
            #expect(lines.contains("other server: \(sandbox.server.baseURL): 3 files: done 3, failed 0, not finished 0"), "\(local.stdout)")
            #expect(lines.firstIndex { $0.contains("(current)") }! < lines.firstIndex { $0.hasPrefix("other server") }!)

            let remote = try await CLIRunner(extra: sandbox.environment).run(["status", dir.path, "--json"])
            let summary = try #require(remote.events("status").first)
            #expect(summary["server"] as? String == sandbox.server.baseURL && summary["current"] as? Bool == true, "\(summary)")
            #expect(summary["done"] as? Int == 3 && summary["notStarted"] as? Int == 1 && summary["notFinished"] as? Int == 1)
            let byServer = try #require(summary["byServer"] as? [String: [String: Int]])
            #expect(byServer.count == 2 && byServer.values.allSatisfy { $0["done"] == 3 }, "\(byServer)")
        }
    }
}
