import ArgumentParser
import SuperOfficeWebAPI

/// Exit statuses of `put` and `import` (documented in `--help` and the README).
enum IngestExitStatus {
    /// Every file done (or already done).
    static let success: Int32 = 0
    /// Some files failed.
    static let someFailed: Int32 = 1
    /// Usage or configuration error.
    static let usage: Int32 = 2
    /// The server refused the credentials.
    static let authenticationRefused: Int32 = 3
    /// The server could not be reached (refused, DNS, TLS) for several files in a row; nothing failed for good.
    static let serverUnreachable: Int32 = 4
    /// Interrupted by SIGINT.
    static let interrupted: Int32 = 130
}

/// A problem that ends a command before or instead of its work, with its exit status.
struct CLIFailure: Error {
    var message: String
    var status: Int32

    static func configuration(_ message: String) -> CLIFailure {
        CLIFailure(message: message, status: IngestExitStatus.usage)
    }
}

extension CLIFailure {
    /// Prints the message on stderr and turns the failure into the exit code ArgumentParser ends with.
    func exit() -> ExitCode {
        Terminal.standardError("error: \(message)")
        return ExitCode(status)
    }
}

extension CLIFailure {
    /// A settings error as the command line says it: the library's words, and the flag that fixes it.
    init(_ error: SettingsError) {
        let hint = switch error.code {
        case .unreadableFile, .malformedFile: " (--credentials-file)"
        case .credentialWithoutServer: " (--base-url sets the server too)"
        case .noCredential: " in the environment or a --credentials-file"
        default: ""
        }
        self = .configuration(error.message + hint)
    }
}
