/// One fault the sandbox can inject into a request.
public enum SandboxFault: Sendable, Hashable, CustomStringConvertible {
    /// Answer with this status and an error body (e.g. 503, 500, 421).
    case status(Int)
    /// Answer 429 with `Retry-After: seconds`.
    case rateLimited(retryAfterSeconds: Int)
    /// Send the response head and part of the body, then close the connection.
    case dropConnection
    /// Never answer (until the sandbox shuts down).
    case neverAnswer
    /// Answer 401 as for an expired ticket, though the credentials are right.
    case expiredCredentials
    /// Answer 307 Temporary Redirect to this URL (to check that a client does not carry credentials elsewhere).
    case redirect(location: String)

    /// E.g. `status(503)`.
    public var description: String {
        switch self {
        case .status(let status): return "status(\(status))"
        case .rateLimited(let seconds): return "rateLimited(retryAfter: \(seconds))"
        case .dropConnection: return "dropConnection"
        case .neverAnswer: return "neverAnswer"
        case .expiredCredentials: return "expiredCredentials"
        case .redirect(let location): return "redirect(\(location))"
        }
    }
}

/// Which faults the sandbox injects, for tests and drills.
///
/// For each request, in order: a fault from `script` if any is left, else `expiredCredentials` once more than
/// `unauthorizedAfterRequests` requests were seen, else one random draw against the rates (`neverAnswerRate`,
/// `dropRate`, `rateLimitRate`, `failureRate`, which add up to at most 1). Latency is added on top of any of them.
/// Faults only touch the `operations` listed (all when `nil`). Random draws are reproducible with `seed`.
public struct SandboxFaults: Sendable, Hashable {
    /// Faults for the next requests, in order, before any random one.
    public var script: [SandboxFault]
    /// Share of requests answered with `failureStatus`.
    public var failureRate: Double
    /// The status of a random failure, 503 by default.
    public var failureStatus: Int
    /// Share of requests answered 429 with `Retry-After: retryAfterSeconds`.
    public var rateLimitRate: Double
    /// The `Retry-After` of a random 429.
    public var retryAfterSeconds: Int
    /// Share of requests whose connection is dropped mid-response.
    public var dropRate: Double
    /// Whether a dropped request is carried out before its connection drops (the answer is lost, the change is
    /// not); by default it is not carried out.
    public var dropAppliesOperation: Bool
    /// Share of requests never answered.
    public var neverAnswerRate: Double
    /// After this many requests, every request is answered 401 as for an expired ticket.
    public var unauthorizedAfterRequests: Int?
    /// Latency added to every request.
    public var latency: Duration
    /// Share of requests that get `latencyTail` on top (the slow tail).
    public var latencyTailRate: Double
    /// The extra latency of the tail.
    public var latencyTail: Duration
    /// The operations faults apply to; `nil` means all.
    public var operations: Set<SandboxOperation>?
    /// Seed of the random draws; `nil` draws from the system generator.
    public var seed: UInt64?

    /// Makes a fault plan; by default no faults.
    public init(
        script: [SandboxFault] = [], failureRate: Double = 0, failureStatus: Int = 503, rateLimitRate: Double = 0,
        retryAfterSeconds: Int = 1, dropRate: Double = 0, dropAppliesOperation: Bool = false,
        neverAnswerRate: Double = 0, unauthorizedAfterRequests: Int? = nil, latency: Duration = .zero,
        latencyTailRate: Double = 0, latencyTail: Duration = .zero, operations: Set<SandboxOperation>? = nil,
        seed: UInt64? = nil
    ) {
        self.script = script
        self.failureRate = failureRate
        self.failureStatus = failureStatus
        self.rateLimitRate = rateLimitRate
        self.retryAfterSeconds = retryAfterSeconds
        self.dropRate = dropRate
        self.dropAppliesOperation = dropAppliesOperation
        self.neverAnswerRate = neverAnswerRate
        self.unauthorizedAfterRequests = unauthorizedAfterRequests
        self.latency = latency
        self.latencyTailRate = latencyTailRate
        self.latencyTail = latencyTail
        self.operations = operations
        self.seed = seed
    }

    /// No faults.
    public static let none = SandboxFaults()
}
