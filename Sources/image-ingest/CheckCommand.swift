import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// `image-ingest check`: resolve the configuration and try it once, before a big run.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the configuration against the server before a big run: one authenticated read.",
        discussion: """
            Resolves the configuration as put and import do (flags, environment, --credentials-file) and \
            reports the server, the credential (which variables and where from; never its value), the result \
            and round-trip time of one authenticated read (GET api/v1/Project/N/Imageinfo; a 404 still proves \
            the credential), and whether the server throttles. A credentials file that others can read gets a \
            warning. Nothing is written.

            Exit status: 0 ready (the credential was accepted); 2 not usable as configured (nothing or only part \
            configured, the server unreachable or failing); 3 the credential was refused.
            """)

    @Option(parsing: .unconditional, help: "The project whose ImageInfo is read (default 1; any id proves the credential).")
    var project: Int = 1

    @OptionGroup var connectionOptions: ConnectionOptions

    func validate() throws {
        if let problem = ProjectIdentifier.problem(with: project) { throw ValidationError("--project \(project): \(problem)") }
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        let source: SuperOfficeSettings
        do throws(CLIFailure) {
            source = try connectionOptions.settings()
        } catch {
            throw error.exit()
        }
        if !source.hasServer(baseURLFlag: connectionOptions.baseURL) {
            Terminal.standardOutput("server: none configured (put and import would use the in-process sandbox; nothing would leave this machine)")
            throw CLIFailure.configuration("nothing to check: set SO_BASE_URL (or --base-url) and a credential").exit()
        }
        let connection: SuperOfficeConnection
        do throws(CLIFailure) {
            connection = try await connectionOptions.open(settings: source, logger: logger)
        } catch {
            throw error.exit()
        }
        let redact = SecretRedactor(secrets: connection.secrets)
        Terminal.standardOutput("server: \(connection.serverLabel)")
        Terminal.standardOutput("credential: \(connection.credentialDescription ?? "none")")
        let limit = connection.client.configuration.requestsPerSecond
        Terminal.standardOutput("request limit: " + (limit.map { "\(ProgressBar.format($0)) requests/s (client side; --requests-per-second)" } ?? "none (--requests-per-second 0)"))

        let check: ReadinessCheck
        do throws(WebAPIError) {
            check = try await connection.client.checkReadiness(projectId: project, logger: logger)
        } catch {
            await connection.close()
            throw CLIFailure.configuration(error.message).exit()
        }
        await connection.close()
        let (operation, milliseconds) = (check.operation, Int((check.roundTrip / .milliseconds(1)).rounded()))

        guard let failure = check.failure else {
            Terminal.standardOutput("read: \(operation) answered 200 in \(milliseconds) ms; the credential was accepted")
            Terminal.standardOutput("throttled: no (no 429 on this request)")
            Terminal.standardOutput("ready")
            return
        }
        switch failure.code {
        case .notFound:
            Terminal.standardOutput("read: \(operation) answered 404 (no project \(project)) in \(milliseconds) ms; the credential was accepted")
            Terminal.standardOutput("throttled: no (no 429 on this request)")
            Terminal.standardOutput("ready")
        case .rateLimited:
            let wait = failure.retryAfter.map { ", Retry-After \($0)" } ?? ""
            Terminal.standardOutput("read: \(operation) answered 429 in \(milliseconds) ms")
            Terminal.standardOutput("throttled: yes (HTTP 429\(wait)); lower --requests-per-second")
            Terminal.standardOutput("ready (the credential could not be proved while throttled)")
        case .unauthorized:
            Terminal.standardOutput("read: \(operation) answered 401 in \(milliseconds) ms")
            throw CLIFailure(message: redact(SummaryText.refusedCredentialLine(at: operation, credential: connection.credentialDescription)),
                             status: IngestExitStatus.authenticationRefused).exit()
        case .cannotConnect, .transport, .timeout:
            throw CLIFailure.configuration(
                redact("the server \(connection.serverLabel) is unreachable: \(failure.description); check SO_BASE_URL (or --base-url) and the network")).exit()
        default:
            throw CLIFailure.configuration(redact("\(operation) failed after \(milliseconds) ms: \(failure.description)")).exit()
        }
    }
}
