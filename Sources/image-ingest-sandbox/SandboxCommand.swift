public import ArgumentParser
import Foundation
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import UnixSignals

import LibC

/// `image-ingest-sandbox`: a local stand-in for SuperOffice's project-image endpoints, until SIGINT/SIGTERM.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-ingest-sandbox",
        abstract: "Serve a local stand-in for SuperOffice's project-image WebAPI endpoints.",
        discussion: """
            Serves GET/PUT/POST/DELETE api/v1/Project/{id}/Image, GET api/v1/Project/{id}/Imageinfo and \
            PUT api/v1/Project/{id}/ImageInfo?projectId={id} until interrupted (Ctrl-C or SIGTERM).

            Projects: --projects FILE reads a catalogue CSV (header projectId,number,name, then any \
            foreignKey:APP/DEVICE/KEY and projectUdef/SuperOffice:N columns); only its project ids exist, \
            GET api/v1/Project answers its rows as the FindProject archive ($select, $filter, $orderBy, \
            $top, $skip, $mode) and GET api/v1/ForeignApp/{APP}/{DEVICE}/Key/{KEY}/project?keyValue=V finds \
            a project by an outside key. Without one every positive id exists, with no number or name. \
            --project-ids narrows the ids that exist.

            Credentials: the environment decides (secrets are never taken as flags). SO_TICKET (with \
            SO_APP_TOKEN, required by --online), SO_BEARER_TOKEN, or SO_USERNAME with SO_PASSWORD; each one \
            set is accepted. With none set, the sandbox accepts the documented demo credential \
            'Authorization: SOTicket 7T:sandbox' (and 'SO-AppToken: sandbox-app' with --online), and prints it \
            at start-up. Credentials from the environment are never printed.

            Fault injection (for drills): --fail-rate with --fail-status, --rate-limit-rate with --retry-after, \
            --drop-rate (with --drop-applies-operation), --never-answer-rate, --unauthorized-after, \
            --latency-ms with --latency-tail-rate and --latency-tail-ms, --seed; --fault-operations narrows them to \
            some operations.

            SuperOffice Online's login side: --demo-credentials FILE serves the system-user ticket exchange \
            (Login/api/PartnerSystemUser/Authenticate), the OAuth token endpoint (login/common/oauth/tokens, \
            refresh grant) and the tenant state (api/state/{ContextId}) beside the tenant at /Cust12345/, and \
            writes FILE: a credentials file for `import --credentials-file FILE` with a fresh key pair \
            (FILE.key.pem), the sandbox's certificate (FILE.cert.pem), tokens and the login URL pointing here \
            (--demo-auth system-user, the default, or oauth). Issued tickets live --ticket-lifetime seconds and \
            access tokens --token-lifetime seconds (then 401), so renewal can be watched.

            --request-log PATH appends one JSON line per request (seq, time, method, path, query, projectId, \
            operation, status, fault, applied, blobId, scheme), written as requests finish (within 0.1 s) and \
            at shutdown; it never holds a secret.
            """)

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Address to bind. Anything but loopback exposes the sandbox to the network.")
    var host: String = "127.0.0.1"

    @Flag(help: "Behave as SuperOffice Online: Basic refused, SO-AppToken required with SOTicket.")
    var online = false

    @Option(help: "Site or tenant path of the base URL, e.g. Cust12345 (default: none).")
    var sitePath: String = ""

    @Option(help: ArgumentHelp(
        "Serve the projects of this catalogue CSV (see above); only they exist.",
        valueName: "FILE"))
    var projects: String?

    @Option(help: "Comma-separated project ids that exist; others answer 404 (default: any id exists).")
    var projectIds: String?

    @Option(help: "Share of requests answered with --fail-status (0...1).")
    var failRate: Double = 0

    @Option(help: "Status of an injected failure.")
    var failStatus: Int = 503

    @Option(help: "Share of requests answered 429 with Retry-After (0...1).")
    var rateLimitRate: Double = 0

    @Option(help: "Retry-After seconds of an injected 429.")
    var retryAfter: Int = 1

    @Option(help: "Share of requests whose connection drops mid-response (0...1).")
    var dropRate: Double = 0

    @Flag(help: "Carry out a dropped request before dropping its connection (the answer is lost, not the change).")
    var dropAppliesOperation = false

    @Option(help: "Share of requests never answered (0...1).")
    var neverAnswerRate: Double = 0

    @Option(help: "Answer 401 (expired ticket) to every request after this many.")
    var unauthorizedAfter: Int?

    @Option(help: "Latency added to every request, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "Share of requests with extra tail latency (0...1).")
    var latencyTailRate: Double = 0

    @Option(help: "Extra latency of the tail, in milliseconds.")
    var latencyTailMs: Int = 0

    @Option(help: "Seed for the fault draws, for a reproducible drill.")
    var seed: UInt64?

    @Option(help: ArgumentHelp(
        "Inject faults only into these operations, comma-separated (e.g. uploadImage,putImageInfo; default: all).",
        valueName: "LIST"))
    var faultOperations: String?

    @Option(help: ArgumentHelp(
        "Serve SuperOffice Online's login side and write a credentials file for it here (mode 600).", valueName: "FILE"))
    var demoCredentials: String?

    @Option(help: "Which flow the demo credentials file sets up: system-user or oauth.")
    var demoAuth: SandboxLogin.CredentialsFlow = .systemUser

    @Option(help: "Seconds an issued system-user ticket is accepted (with --demo-credentials).")
    var ticketLifetime: Int = 6 * 3600

    @Option(help: "Seconds an issued OAuth access token is accepted (with --demo-credentials).")
    var tokenLifetime: Int = 3600

    @Option(help: ArgumentHelp(
        "Keep the projects' pictures in this SQLite file between runs (e.g. DIR/.image-ingest/sandbox.sqlite, the in-process sandbox's).",
        valueName: "PATH"))
    var data: String?

    @Flag(help: "Do not log each request to stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Append one JSON line per request to this file (for drills).", valueName: "PATH"))
    var requestLog: String?

    func validate() throws {
        for (name, rate) in [("fail-rate", failRate), ("rate-limit-rate", rateLimitRate), ("drop-rate", dropRate),
                             ("never-answer-rate", neverAnswerRate), ("latency-tail-rate", latencyTailRate)]
        where !(0...1).contains(rate) {
            throw ValidationError("--\(name) must be between 0 and 1")
        }
        guard failRate + rateLimitRate + dropRate + neverAnswerRate <= 1 else {
            throw ValidationError("The fault rates add up to more than 1")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (100...599).contains(failStatus) else { throw ValidationError("--fail-status must be an HTTP status") }
        _ = try knownProjects()
        _ = try faultedOperations()
        guard ticketLifetime > 0, tokenLifetime > 0 else { throw ValidationError("--ticket-lifetime and --token-lifetime must be positive") }
        if demoCredentials == nil, ticketLifetime != 6 * 3600 || tokenLifetime != 3600 {
            throw ValidationError("--ticket-lifetime and --token-lifetime apply to the login side: add --demo-credentials FILE")
        }
    }

    private func knownProjects() throws -> Set<Int>? {
        do throws(SandboxError) { return try projectIds.map(SandboxConfiguration.projectIds(parsing:)) } catch { throw ValidationError(error.message) }
    }

    /// The operations of --fault-operations, when given.
    private func faultedOperations() throws -> Set<SandboxOperation>? {
        do throws(SandboxError) { return try faultOperations.map(SandboxConfiguration.operations(parsing:)) } catch { throw ValidationError(error.message) }
    }

    /// The catalogue of --projects, read and checked.
    private func catalogue() throws -> SandboxProjectCatalogue? {
        guard let projects else { return nil }
        do {
            return try SandboxProjectCatalogue.load(path: projects)
        } catch {
            let ids = projects.split(separator: ",").allSatisfy { Int($0.filter { $0 != " " }) != nil }
            throw ValidationError("--projects: \(error.message)"
                + (ids ? " (--projects takes a catalogue CSV now; a list of ids goes to --project-ids)" : ""))
        }
    }

    func run() async throws {
        let mode: SandboxConfiguration.Mode = online ? .online : .onsite
        let (accepted, isDemo): ([Credentials], Bool)
        do throws(SandboxError) {
            (accepted, isDemo) = try SandboxConfiguration.acceptedCredentials(environment: ProcessInfo.processInfo.environment, mode: mode)
        } catch {
            throw ValidationError(error.message)
        }
        let faults = SandboxFaults(
            failureRate: failRate, failureStatus: failStatus, rateLimitRate: rateLimitRate, retryAfterSeconds: retryAfter,
            dropRate: dropRate, dropAppliesOperation: dropAppliesOperation, neverAnswerRate: neverAnswerRate, unauthorizedAfterRequests: unauthorizedAfter,
            latency: .milliseconds(latencyMs), latencyTailRate: latencyTailRate, latencyTail: .milliseconds(latencyTailMs),
            operations: try faultedOperations(), seed: seed)
        var configuration = SandboxConfiguration(
            host: host, port: port, mode: mode, sitePath: sitePath, acceptedCredentials: accepted,
            knownProjects: try knownProjects(), projects: try catalogue(), faults: faults)
        configuration.dataPath = data
        if demoCredentials != nil {
            let login = try SandboxLogin.generate(
                contextIdentifier: sitePath.isEmpty ? "Cust12345" : sitePath,
                ticketLifetime: .seconds(ticketLifetime), tokenLifetime: .seconds(tokenLifetime))
            configuration.login = login
            configuration.sitePath = login.contextIdentifier
            configuration.mode = .online
        }

        var logger = Logger(label: "image-ingest.sandbox") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = quiet ? .warning : .debug
        // Take SIGINT/SIGTERM ourselves so the server shuts down cleanly.
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let logFile: SandboxRequestLogFile?
        do throws(SandboxRequestLogFile.OpenError) {
            logFile = try requestLog.map { path throws(SandboxRequestLogFile.OpenError) in try SandboxRequestLogFile(path: path) }
        } catch {
            throw ValidationError(error.description)
        }

        let sandbox: SandboxServer
        do {
            sandbox = try await SandboxServer.start(configuration, logger: logger)
        } catch let error as SandboxError where error.code == .bindFailed {
            throw Self.failure("\(error.message); choose another --port (or --host)")
        } catch let error as SandboxError {
            throw Self.failure(error.message + (data != nil ? " (--data)" : ""))
        }
        let follower = logFile.map { file in Task { await file.follow(sandbox) } }
        var banner = ["SuperOffice sandbox (\(configuration.mode)) listening on \(sandbox.baseURL)"]
        if let path = demoCredentials, let login = configuration.login {
            do throws(SandboxError) {
                try login.writeCredentialsFile(at: path, loginURL: sandbox.loginURL, flow: demoAuth)
            } catch {
                await sandbox.shutdown()
                throw Self.failure("cannot write the demo credentials: \(error.message)")
            }
            banner += ["Login side at \(sandbox.loginURL) (tenant \(login.contextIdentifier)); tickets live \(ticketLifetime) s, access tokens \(tokenLifetime) s",
                       "Demo credentials (\(demoAuth.rawValue)): \(path); try: image-ingest import DIR --credentials-file \(path)"]
        }
        if isDemo {
            let appToken = mode == .online ? (" with SO-AppToken: sandbox-app", " SO_APP_TOKEN=sandbox-app") : ("", "")
            banner += ["Accepts the demo credential: Authorization: SOTicket 7T:sandbox" + appToken.0,
                       "Try: export SO_BASE_URL=\(sandbox.baseURL) SO_TICKET=7T:sandbox" + appToken.1]
        } else {
            banner.append("Accepts the credentials from the environment: \(accepted.map(\.scheme).joined(separator: ", ")) (not shown)")
        }
        banner.append("Pictures: \(sandbox.picturesPageURL) (a page listing every project's picture)")
        if let data {
            let count = await sandbox.pictureCount()
            banner.append("Data: \(data) (\(count) project\(count == 1 ? "" : "s") with a picture)")
        }
        if let catalogue = configuration.projects, let path = projects {
            let served = configuration.knownProjects.map { known in catalogue.projects.filter { known.contains($0.projectId) }.count }
                ?? catalogue.count
            banner.append("Projects: \(served) project\(served == 1 ? "" : "s") from \(path) (others answer 404; GET api/v1/Project lists them)")
        } else if let known = configuration.knownProjects {
            banner.append("Projects: \(known.sorted().map(String.init).joined(separator: ",")) (others answer 404)")
        } else {
            banner.append("Projects: any positive id (no catalogue: no numbers or names; --projects FILE serves one)")
        }
        if faults != SandboxFaults.none { banner.append("Fault injection is on.") }
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            banner.append("Warning: bound to \(host), so the sandbox is reachable from the network.")
        }
        if let logFile { banner.append("Request log: \(logFile.path)") }
        banner.append("Stop with Ctrl-C.")
        printError(banner.joined(separator: "\n"))

        var iterator = signals.makeAsyncIterator()
        let received = await iterator.next()
        printError("Received \(received.map { "\($0)" } ?? "end of signals"); shutting down.")
        let log = await sandbox.requestLog()
        follower?.cancel()
        _ = await follower?.value
        await sandbox.shutdown()
        let succeeded = log.filter(\.succeeded).count
        let faulted = log.filter { $0.fault != nil }.count
        printError("Served \(log.count) requests: \(succeeded) succeeded, \(faulted) with injected faults.")
    }
}

extension SandboxCommand {
    /// Parses and runs, ending a usage failure with status 2 as `image-ingest` does (ArgumentParser's own is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    /// A start-up failure: its line on stderr, and the usage status 2 the `image-ingest` commands use for it.
    static func failure(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}

/// One line on stderr (a newline added when it has none), written whole; a closed stderr is ignored.
private func printError(_ line: String) {
    let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

/// `--demo-auth system-user|oauth`: the library's flows, by their raw values.
extension SandboxLogin.CredentialsFlow: ExpressibleByArgument {}
