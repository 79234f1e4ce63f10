import Foundation
import Testing

extension EndToEndTests {
    /// `image-ingest-sandbox`, the sandbox as its own executable: a usage error exits 2, as `image-ingest`'s do.
    @Suite struct SandboxExecutableTests {
        @Test func aUsageErrorExitsTwoAndSaysWhy() async throws {
            var runner = CLIRunner()
            runner.program = CLIRunner.executable(named: "image-ingest-sandbox")
            let result = try await runner.run(["--port", "70000"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("--port must be 0...65535"), "\(result.stderr)")
            #expect(!result.stderr.contains("\n\n"), "one message, no blank line: \(result.stderr)")
        }

        /// `image-ingest sandbox …`, as earlier versions took it, says where the sandbox went.
        @Test func theOldSubcommandNamesTheNewExecutable() async throws {
            let result = try await CLIRunner().run(["sandbox", "--port", "8080", "--quiet"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("image-ingest-sandbox --port 8080 --quiet"), "\(result.stderr)")
            let help = try await CLIRunner().run(["--help"])
            let listed = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(listed.contains { $0.hasPrefix("probe ") } && !listed.contains { $0.hasPrefix("sandbox ") },
                    "hidden from the command list: \(help.stdout)")
        }
    }
}
