import Foundation
import Testing

extension EndToEndTests {
    /// The README's command-line synopsis and its table of defaults agree with what `--help` prints, flag by
    /// flag, in both directions.
    @Suite struct HelpMatchesReadmeTests {
        static let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path

        /// The fenced block after `## The command line`.
        static func synopsisBlock(_ readme: String) throws -> [String] {
            let section = try #require(readme.range(of: "## The command line"))
            let rest = readme[section.upperBound...]
            let open = try #require(rest.range(of: "```\n"))
            let close = try #require(rest[open.upperBound...].range(of: "```"))
            return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
        }

        static func flags(in text: String) -> Set<String> {
            var found: Set<String> = []
            // long flags, and short ones as the README writes them (`-r|--recursive`) and --help does (`-r, --recursive`)
            let pattern = try! NSRegularExpression(pattern: "--[a-z][a-z-]*[a-z]|(?<![a-z-])-[a-z](?=[|,])")
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(match.range, in: text)!]))
            }
            return found
        }

        /// Each command's flags as the README lists them (the CONNECTION group expanded).
        static func documentedFlags(_ lines: [String]) -> [String: Set<String>] {
            var text: [String: String] = [:]
            var current: String? = nil
            for line in lines {
                let words = line.split(separator: " ")
                if words.first == "image-ingest", words.count > 1 {
                    current = String(words[1])
                } else if words.first == "image-ingest-sandbox" {
                    current = "image-ingest-sandbox"
                } else if line.hasPrefix("CONNECTION:") {
                    current = "CONNECTION"
                }
                if let current { text[current, default: ""] += line + "\n" }
            }
            let connection = flags(in: text["CONNECTION"] ?? "")
            var result: [String: Set<String>] = [:]
            for (command, lines) in text where command != "CONNECTION" {
                result[command] = flags(in: lines).union(lines.contains("[CONNECTION]") ? connection : [])
            }
            return result
        }

        /// The option lines of a `--help` text, each with its (wrapped) help joined into one string.
        static func optionBlocks(_ help: String) -> [(flags: Set<String>, text: String)] {
            var blocks: [(flags: Set<String>, text: String)] = []
            for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                let indent = line.count - trimmed.count
                if indent == 2, trimmed.hasPrefix("-") {
                    // the names stand before the first run of two spaces: `-r, --recursive   Walk every…`
                    let names = flags(in: String(trimmed).components(separatedBy: "  ").first ?? "")
                    blocks.append((names, String(trimmed)))
                } else if indent > 2, !blocks.isEmpty {
                    blocks[blocks.count - 1].text += " " + trimmed
                } else if !trimmed.isEmpty {
                    blocks.append(([], ""))
                }
            }
            return blocks.filter { !$0.flags.isEmpty }
        }

        /// `image-ingest COMMAND --help`, or the sandbox executable's `--help`.
        static func help(_ command: String) async throws -> CLIRunner.Result {
            guard command == "image-ingest-sandbox" else { return try await CLIRunner().run([command, "--help"]) }
            var runner = CLIRunner()
            runner.program = CLIRunner.executable(named: command)
            return try await runner.run(["--help"])
        }

        @Test func everyDocumentedFlagIsInHelpAndEveryHelpFlagIsDocumented() async throws {
            let readme = try String(contentsOfFile: Self.readmePath, encoding: .utf8)
            let documented = Self.documentedFlags(try Self.synopsisBlock(readme))
            #expect(Set(documented.keys) == ["probe", "prepare", "check", "put", "import", "undo", "projects", "status", "image-ingest-sandbox"])
            for (command, flags) in documented {
                let help = try await Self.help(command)
                #expect(help.status == 0)
                #expect(!help.stdout.contains("\\"), "\(command) --help shows a backslash: a line continuation written twice")
                let shown = Set(Self.optionBlocks(help.stdout).flatMap(\.flags)).subtracting(["-h", "--help", "--version"])
                #expect(shown.subtracting(flags).isEmpty, "\(command): in --help, not in the README: \(shown.subtracting(flags).sorted())")
                #expect(flags.subtracting(shown).isEmpty, "\(command): in the README, not in --help: \(flags.subtracting(shown).sorted())")
            }
        }

        @Test func everyDocumentedDefaultIsWhatHelpSays() async throws {
            let readme = try String(contentsOfFile: Self.readmePath, encoding: .utf8)
            let table = try #require(readme.range(of: "| command | flag | default |"))
            let rows = readme[table.upperBound...].split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }
            #expect(rows.count >= 5)
            for row in rows {
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                try #require(cells.count == 3, "\(row)")
                let flags = Self.flags(in: cells[1])
                for command in cells[0].components(separatedBy: ", ") {
                    let help = try await Self.help(command)
                    let blocks = Self.optionBlocks(help.stdout)
                    for flag in flags {
                        let block = blocks.first { $0.flags.contains(flag) }
                        #expect(block != nil, "\(command) --help has no \(flag)")
                        let text = (block?.text ?? "").split(separator: " ").joined(separator: " ")
                        #expect(text.contains(cells[2]), "\(command) \(flag): README says \"\(cells[2])\", --help says \"\(text)\"")
                    }
                }
            }
        }
    }
}
