import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// An in-process sandbox for one test, and the environment that points the CLI at it.
struct SandboxHarness {
    let server: SandboxServer

    static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> SandboxHarness {
        let logger = Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        return SandboxHarness(server: try await SandboxServer.start(configuration, logger: logger))
    }

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

    func shutdown() async {
        await server.shutdown()
    }
}
