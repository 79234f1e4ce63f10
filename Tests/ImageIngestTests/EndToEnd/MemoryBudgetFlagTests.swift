import Foundation
import ImageFixtures
import Testing

extension EndToEndTests {
    /// `--memory-budget SIZE` on `import` and `probe`.
    @Suite struct MemoryBudgetFlagTests {
        @Test(arguments: ["4MiB", "4M", "4m", "4096KiB", "4194304", "0.5GiB"])
        func importAndProbeTakeASize(size: String) async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            for id in 61...63 {
                try dir.write("\(id).jpg", FixtureImage.jpeg(width: 600, height: 400, progressive: true, seed: id))
            }
            let cli = CLIRunner()
            let imported = try await cli.run(["import", dir.path, "--dry-run", "--json", "--jobs", "8", "--memory-budget", size])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.events("wouldSubmit").count == 3)
            let probed = try await cli.run(["probe", "--verify", "--jobs", "8", "--memory-budget", size, dir.path])
            #expect(probed.status == 0, "\(probed.stderr)")
        }

        @Test(arguments: ["0", "-1", "lots", "12XB", "MiB"])
        func aSizeThatIsNoSizeIsAUsageError(size: String) async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let cli = CLIRunner()
            let imported = try await cli.run(["import", dir.path, "--dry-run", "--memory-budget", size])
            #expect(imported.status == 2, "\(imported.stderr)")
            #expect(imported.stderr.contains("memory-budget"), "\(imported.stderr)")
        }
    }
}
