import ArgumentParser

/// Where `put` and `import` submit to. Secrets are never flag values: they come from the environment
/// or a credentials file.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "WebAPI base URL, e.g. https://sod2.superoffice.com/Cust12345/ (or SO_BASE_URL). With neither it nor a credential set, an in-process sandbox is used.",
        valueName: "URL"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file of KEY=VALUE lines with the SO_* keys of the environment (see the README). Environment variables win over it.",
        valueName: "PATH"))
    var credentialsFile: String?

    @Flag(name: .long, help: "Allow credentials over plain http to a host that is not loopback.")
    var insecureHttp = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Client-side request limit for a real server (default 10, SuperOffice's app checklist; 0 = none). The in-process sandbox has none.",
        valueName: "N"))
    var requestsPerSecond: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Longest wait for one request's complete answer, in seconds (default 60); a request cut off is not retried and its file fails as resumable.",
        valueName: "SECONDS"))
    var requestTimeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "With no server configured: the projects the in-process sandbox has (CSV projectId,number,name[,…], as for image-ingest-sandbox --projects); without it every project id exists.",
        valueName: "FILE.csv"))
    var sandboxProjects: String?

    @Option(name: .long, help: "How log lines on stderr look: text, or json (one object per line, for log shippers). The level comes from IMAGE_INGEST_LOG_LEVEL.")
    var logFormat: LogFormat = .text

    /// `--request-timeout` as a duration, when given.
    var requestTimeoutDuration: Duration? {
        requestTimeout.map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }

    func validate() throws {
        if let requestTimeout, !(requestTimeout > 0 && requestTimeout <= 86_400) {
            throw ValidationError("--request-timeout \(requestTimeout): must be more than 0 and at most 86400 seconds")
        }
        if let requestsPerSecond, !(requestsPerSecond >= 0 && requestsPerSecond.isFinite) {
            throw ValidationError("--requests-per-second \(requestsPerSecond): must be 0 (no limit) or more")
        }
    }
}
