import Foundation
import ImageFixtures
import Testing

extension EndToEndTests {
    /// Files with huge claims, through the CLI: the same answers with and without a 600 MB address-space
    /// limit (`ulimit -v 600000`), so no answer depends on an allocation the input cannot justify.
    @Suite struct ProbeMemoryTests {
        @Test(.timeLimit(.minutes(2)))
        func answersDoNotDependOnHowMuchMemoryTheProcessMayHave() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let files = [
                try dir.write("tiny-huge-text.png", FixtureMemoryBomb.tinyPNGWithHugeText),
                try dir.write("ztxt-bomb.png", FixtureMemoryBomb.zTXtBomb(count: 100, inflated: 7 << 20)),
                try dir.write("icc-bomb.png", FixtureMemoryBomb.iccBomb(inflated: 64 << 20)),
                try dir.write("past-end.png", FixtureMemoryBomb.grayHead
                              + FixtureMemoryBomb.chunk("iCCP", Array("icc\0\0".utf8), declaring: 700_000_000)),
            ]
            let arguments = ["probe", "--verify", "--json", "--jobs", "1"] + files
            let free = try await CLIRunner().run(arguments)
            var limited = CLIRunner()
            limited.virtualMemoryLimitKiB = 600_000
            let bounded = try await limited.run(arguments)
            #expect(free.status == 1 && bounded.status == 1, "\(free.stderr) \(bounded.stderr)")
            #expect(bounded.stdout == free.stdout)
            let lines = free.jsonLines
            #expect(lines.count == 4)
            #expect((lines.first?["error"] as? String)?.contains("truncated: the tEXt chunk declares 754974768 bytes") == true,
                    "\(free.stdout)")
            #expect(lines.dropFirst().first?["error"] == nil && lines.dropFirst(2).first?["error"] == nil, "\(free.stdout)")
            #expect((lines.last?["error"] as? String)?.contains("iCCP chunk declares 700000000 bytes") == true)
        }
    }
}
