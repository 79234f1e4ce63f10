import ArgumentParser

struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Not built yet.")
    func run() async throws { throw ExitCode(2) }
}
