import ArgumentParser

/// `image-ingest sandbox …`, kept hidden so that a script or a habit of earlier versions is told where the sandbox
/// went instead of "unexpected argument".
struct SandboxMovedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Moved: the sandbox is its own executable, image-ingest-sandbox.", shouldDisplay: false)

    @Argument(parsing: .allUnrecognized)
    var arguments: [String] = []

    func run() throws {
        throw CLIFailure.configuration(
            "the sandbox is its own executable now: image-ingest-sandbox \(arguments.joined(separator: " ")) "
                + "(swift run image-ingest-sandbox …, or .build/release/image-ingest-sandbox)").exit()
    }
}
