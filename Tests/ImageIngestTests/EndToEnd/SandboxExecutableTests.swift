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
    }
}
