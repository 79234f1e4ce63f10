public import Logging

/// Keeps one set of renewable credentials and renews them one at a time: the building block of the
/// package's credential providers, usable by a service's own `CredentialProvider` too.
///
/// However many callers find the credentials expired or refused at once, one renewal is in flight and they all
/// wait for it. Credentials obtained with a lifetime are renewed ahead of its end (a fifth of the lifetime
/// before, at most a minute), so a long run does not meet the expiry at all; a 401 still renews them.
public actor RenewingCredentialCache {
    /// What a renewal answers: the credentials, and how long they live when that is known.
    public typealias Renewal = @Sendable (Logger) async throws(WebAPIError) -> (credentials: Credentials, lifetime: Duration?)

    private let renew: Renewal
    private var current: Credentials?
    private var renewAt: ContinuousClock.Instant?
    private var inFlight: Task<Credentials, any Error>?
    private let onRenewal: (@Sendable () -> Void)?

    /// How many times the credentials were obtained (the first login included).
    public private(set) var renewals = 0

    /// Makes an empty cache; the first `credentials(logger:)` obtains them with `renew`.
    /// - Parameters:
    ///   - onRenewal: called after each successful renewal (for a metric, say).
    ///   - renew: obtains fresh credentials (logs in); its errors reach every caller waiting for it.
    public init(onRenewal: (@Sendable () -> Void)? = nil, renew: @escaping Renewal) {
        self.renew = renew
        self.onRenewal = onRenewal
    }

    /// The current credentials, renewed first when there are none yet or their lifetime is nearly over.
    public func credentials(logger: Logger) async throws(WebAPIError) -> Credentials {
        if let current, renewAt.map({ ContinuousClock.now < $0 }) ?? true { return current }
        return try await renewOnce(logger: logger)
    }

    /// New credentials after `rejected` was refused; the current ones when another caller already renewed.
    public func renewed(after rejected: Credentials, logger: Logger) async throws(WebAPIError) -> Credentials {
        if let current, current != rejected { return current }
        return try await renewOnce(logger: logger)
    }

    /// Starts a renewal unless one is in flight, and waits for it.
    private func renewOnce(logger: Logger) async throws(WebAPIError) -> Credentials {
        let task: Task<Credentials, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let renew = self.renew
            task = Task { [weak self] in
                let started = ContinuousClock.now
                let (credentials, lifetime) = try await renew(logger)
                await self?.store(credentials, lifetime: lifetime, obtainedAt: started)
                return credentials
            }
            inFlight = task
        }
        do {
            return try await task.value
        } catch {
            // a failed renewal is not kept: the next caller tries again
            if inFlight == task { inFlight = nil }
            if let error = error as? WebAPIError { throw error }
            throw WebAPIError(code: .unauthorized, message: "The credentials could not be renewed: \(error)", attempts: 0)
        }
    }

    private func store(_ credentials: Credentials, lifetime: Duration?, obtainedAt: ContinuousClock.Instant) {
        current = credentials
        renewAt = lifetime.map { obtainedAt + $0 - min(.seconds(60), $0 / 5) }
        inFlight = nil
        renewals += 1
        onRenewal?()
    }
}
