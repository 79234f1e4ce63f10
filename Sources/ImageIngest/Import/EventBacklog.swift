import NIOConcurrencyHelpers

/// Counts the events of a folder import that its consumer has not taken yet, so that a slow consumer (a
/// pipe nobody reads, a terminal, a remote log) holds back new files instead of letting events pile up in
/// memory: the import starts a file only while fewer than `limit` events wait. The files already in flight
/// finish, so at most `limit` plus their few events each are ever held, besides the plan's own events
/// (one per unmapped file or failure found while planning), which come before any file starts.
final class EventBacklog: Sendable {
    private struct State {
        var waiting = 0
        var waiter: CheckedContinuation<Void, Never>?
        var cancelled = false
    }

    /// Events that may wait before no new file starts.
    let limit: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// One more event handed to the consumer's buffer.
    func emitted() {
        state.withLockedValue { $0.waiting += 1 }
    }

    /// The consumer took an event.
    func taken() {
        let limit = self.limit
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.waiting -= 1
            guard state.waiting < limit, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until fewer than `limit` events wait, or the calling task is cancelled. One waiter at a time
    /// (the import's loop that starts files).
    func waitForRoom() async {
        let limit = self.limit
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    if state.waiting < limit || state.cancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
