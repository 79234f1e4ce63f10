/// When and how long the client waits before trying a request again.
///
/// Retried: 408, 429, 5xx and connections that fail or drop before a complete answer. Never retried: any
/// other 4xx (400, 401, 403, 404, 421, …). The wait before retry *n* (1-based) is
/// `min(maxBackoff, initialBackoff × multiplier^(n-1))`, randomised by `jitter`, and at least the
/// server's `Retry-After`. A `Retry-After` longer than `maxRetryAfter` ends the retries at once.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts including the first; 1 means no retry.
    public var maxAttempts: Int
    /// The wait before the first retry.
    public var initialBackoff: Duration
    /// The longest computed wait.
    public var maxBackoff: Duration
    /// Growth of the wait per retry.
    public var multiplier: Double
    /// Share of the wait that is random, 0...1: the wait is drawn from `[w × (1 − jitter), w]`.
    public var jitter: Double
    /// The longest `Retry-After` the client is willing to honour.
    public var maxRetryAfter: Duration
    /// Whether a request that timed out is tried again (off by default: the server may still be working on it).
    public var retryOnTimeout: Bool
    /// When this many attempts in a row, across every request of one client, could not connect (refused, DNS,
    /// TLS), a request that cannot connect is not retried any more: the server is gone, and many requests in
    /// flight each waiting out its retries would only delay saying so. A single refused connection is still
    /// retried; any answer from the server starts the count again.
    public var connectFailuresBeforeGivingUp: Int

    /// Makes a policy; the defaults are 4 attempts, 0.5 s doubling up to 8 s with 50 % jitter, Retry-After up to 60 s.
    public init(
        maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
        multiplier: Double = 2, jitter: Double = 0.5, maxRetryAfter: Duration = .seconds(60),
        retryOnTimeout: Bool = false, connectFailuresBeforeGivingUp: Int = 8
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(.zero, initialBackoff)
        self.maxBackoff = max(.zero, maxBackoff)
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = max(.zero, maxRetryAfter)
        self.retryOnTimeout = retryOnTimeout
        self.connectFailuresBeforeGivingUp = max(1, connectFailuresBeforeGivingUp)
    }

    /// No retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a response status is worth another attempt.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The wait before retry `retry` (1-based), before `Retry-After` is applied; `random` is in 0...1.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        var seconds = initialBackoff.seconds
        for _ in 1..<max(retry, 1) { seconds *= multiplier }
        seconds = min(seconds, maxBackoff.seconds)
        seconds *= 1 - jitter * min(max(random, 0), 1)
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
