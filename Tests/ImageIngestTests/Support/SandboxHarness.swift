import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// The in-process sandbox of one test (see `SandboxTrait`), and the environment that points the CLI at it.
struct SandboxHarness: Sendable {
    let server: SandboxServer

    /// The sandbox of the running test, set by `.sandbox(…)`.
    @TaskLocal static var current: SandboxHarness?

    /// SO_BASE_URL plus the credential as the CLI reads it (environment, never argv).
    var environment: [String: String] {
        var env = ["SO_BASE_URL": server.baseURL]
        switch server.credentials {
        case .soTicket(let ticket, let appToken):
            env["SO_TICKET"] = ticket
            if let appToken { env["SO_APP_TOKEN"] = appToken }
        case .bearer(let token):
            env["SO_BEARER_TOKEN"] = token
        case .basic(let user, let password):
            env["SO_USERNAME"] = user
            env["SO_PASSWORD"] = password
        case .xsrf:
            break
        }
        return env
    }

    /// The secret values the CLI must never print.
    var secrets: [String] {
        switch server.credentials {
        case .soTicket(let ticket, let appToken): [ticket] + (appToken.map { [$0] } ?? [])
        case .bearer(let token): [token]
        case .basic(_, let password): [password]
        case .xsrf(let token): [token]
        }
    }

    func records(_ operation: SandboxOperation) async -> [SandboxRequestRecord] {
        await server.requestLog().filter { $0.operation == operation }
    }
}
