/// A client-side request rate limit shared by every concurrent caller of one client.
///
/// Requests start at least `interval` apart, in the order they asked, with no burst: at 10 requests a second
/// (SuperOffice's app checklist) no window of one second ever holds more than ten starts. The interval is
/// `1 / rate × (1 + margin)`: the margin (10 % by default) absorbs the jitter of requests on their way, so that a
/// server counting arrivals does not see more than the limit either (10 % of a second: 100 ms of jitter).
/// An idle limiter lets the next request start at once.
public actor RateLimiter {
    /// The least time between two request starts.
    public nonisolated let interval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: ContinuousClock.Instant?

    /// Makes a limiter for `requestsPerSecond` (a non-positive rate is taken as 1) with a `margin` (0...1) of
    /// spacing on top of 1 / rate.
    public init(requestsPerSecond: Double, margin: Double = 0.1) {
        let rate = requestsPerSecond > 0 ? requestsPerSecond : 1
        let factor = 1 + min(max(margin, 0), 1)
        self.interval = .nanoseconds(Int64((1e9 * factor / rate).rounded(.up)))
    }

    /// Reserves the next free start time and waits for it. Throws `CancellationError` if the task is cancelled.
    public func acquire() async throws {
        try Task.checkCancellation()
        let now = clock.now
        let slot = max(now, nextSlot ?? now)
        nextSlot = slot + interval
        if slot > now {
            try await clock.sleep(until: slot, tolerance: .zero)
        }
    }
}
