import Foundation
import ImageFixtures
import Testing

extension EndToEndTests {
    /// `probe`'s paths bypass ArgumentParser's quadratic positional parsing; these check that nothing a user
    /// types is read differently because of it.
    @Suite struct ProbeArgumentsTests {
        @Test func pathsAsArgumentsMatchTheSameListThroughFilesFrom() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            var paths: [String] = []
            for index in 0..<400 {
                let bytes = index % 2 == 0
                    ? FixtureImage.png(width: 8 + index % 7, height: 4 + index % 5)
                    : FixtureImage.jpeg(width: 16 + index % 9, height: 8)
                paths.append(try dir.write("\(index).img", bytes))
            }
            let list = try dir.write("list.txt", text: paths.joined(separator: "\n") + "\n")
            let viaList = try await CLIRunner().run(["probe", "--json", "--files-from", list])
            // Options before, between and after the paths, one with its value after `=`.
            let mixed = ["probe"] + paths[..<150] + ["--json", "--jobs", "3"] + paths[150...] + ["--max-pixels=1000000"]
            let viaArguments = try await CLIRunner().run(Array(mixed))
            #expect(viaList.status == 0, "\(viaList.stderr)")
            #expect(viaArguments.status == 0, "\(viaArguments.stderr)")
            #expect(viaArguments.stdout == viaList.stdout)
            #expect(viaArguments.jsonLines.count == 400)
            #expect(viaArguments.jsonLines.map { $0["path"] as? String } == paths.map { Optional($0) })
        }

        @Test func everyOptionThatTakesAValueKeepsItsValue() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let image = try dir.write("a.png", FixtureImage.png(width: 10, height: 10))
            let list = try dir.write("list.txt", text: image + "\n")
            // Read the options from the command's own description, so a new option cannot be missed.
            let dump = try await CLIRunner().run(["probe", "--experimental-dump-help"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
            let command = try #require(root["command"] as? [String: Any])
            let arguments = try #require(command["arguments"] as? [[String: Any]])
            let valueOptions = arguments.filter { $0["kind"] as? String == "option" }.compactMap { argument in
                (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
            }
            #expect(valueOptions.contains("files-from") && valueOptions.contains("jobs"))
            for option in valueOptions {
                // A valid value for each; taken for a path, it would show up as a line of its own.
                let value = option == "files-from" ? list : "3"
                let result = try await CLIRunner().run(["probe", "--json", "--\(option)", value, image])
                #expect(!result.jsonLines.contains { $0["path"] as? String == value }, "--\(option) lost its value")
                #expect(result.jsonLines.contains { $0["path"] as? String == image }, "--\(option): \(result.stderr)")
            }
        }

        /// Among many arguments (a glob) a folder is found by the worker that meets it: its files are listed in
        /// its place, as with a few arguments.
        @Test func aFolderAmongManyArgumentsIsWalkedInItsPlace() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            var before: [String] = []
            for index in 0..<70 { before.append(try dir.write("a\(index).png", FixtureImage.png(width: 6, height: 4))) }
            try dir.write("sub/1.png", FixtureImage.png(width: 7, height: 4))
            try dir.write("sub/2.jpg", FixtureImage.jpeg(width: 16, height: 8))
            try dir.write("sub/deeper/3.png", FixtureImage.png(width: 9, height: 4))
            let after = try dir.write("z.png", FixtureImage.png(width: 8, height: 4))
            let folder = dir.path + "/sub"
            for recursive in [false, true] {
                let flags = recursive ? ["--json", "-r"] : ["--json"]
                let many = try await CLIRunner().run(["probe"] + flags + before + [folder, after])
                let few = try await CLIRunner().run(["probe"] + flags + [folder])
                #expect(many.status == 0, "\(many.stderr)")
                let paths = many.jsonLines.compactMap { $0["path"] as? String }
                let folderPaths = few.jsonLines.compactMap { $0["path"] as? String }
                #expect(folderPaths.count == (recursive ? 3 : 2))
                #expect(paths == before + folderPaths + [after])
            }
        }

        @Test func aPathAfterTheTerminatorMayStartWithADash() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            _ = try dir.write("-odd.png", FixtureImage.png(width: 12, height: 6))
            let result = try await CLIRunner().run(["probe", "--json", "--", dir.path + "/-odd.png"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.jsonLines.first?["width"] as? Int == 12)
        }
    }
}
