import ArgumentParser

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Not built yet.")
    func run() async throws { throw ExitCode(2) }
}
