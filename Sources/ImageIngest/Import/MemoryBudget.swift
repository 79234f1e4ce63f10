import NIOConcurrencyHelpers

/// Bounds how much memory an import's files (or a `probe --verify`'s decodes) hold at once.
///
/// A file takes its size plus what its decode needs (estimated from its header, ``FileMemoryNeed``) from
/// the budget before it is read; the decode share goes back when its CPU stages end, the rest as soon as
/// its bitmap is uploaded (the ImageInfo round trips need no bytes). So many small files can be in flight
/// while a few large ones never add up to more than the budget. A file that needs more than the whole
/// budget takes all of it: it waits until it is the only one holding memory, and runs alone. Waiters are
/// served first come, first served, so a large file is not overtaken forever by small ones.
package final class MemoryBudget: Sendable {
    private struct Waiter {
        var bytes: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
    }

    /// The whole budget in bytes (at least 1).
    package let capacity: Int
    private let state: NIOLockedValueBox<State>

    /// A budget of `bytes` (at least 1).
    package init(bytes: Int) {
        capacity = max(1, bytes)
        state = NIOLockedValueBox(State(available: capacity))
    }

    /// Waits until `bytes` (at most the whole budget) can be held; answers the amount held, which must be
    /// given back with `release`.
    package func acquire(_ bytes: Int) async -> Int {
        let amount = min(max(1, bytes), capacity)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLockedValue { state -> Bool in
                if state.waiters.isEmpty, state.available >= amount {
                    state.available -= amount
                    return true
                }
                state.waiters.append(Waiter(bytes: amount, continuation: continuation))
                return false
            }
            if granted { continuation.resume() }
        }
        return amount
    }

    /// Gives back `amount` (an answer of `acquire`) and lets in the waiters it makes room for, in order.
    package func release(_ amount: Int) {
        let admitted = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.available += amount
            var admitted: [CheckedContinuation<Void, Never>] = []
            while let first = state.waiters.first, first.bytes <= state.available {
                state.available -= first.bytes
                admitted.append(first.continuation)
                state.waiters.removeFirst()
            }
            return admitted
        }
        for continuation in admitted { continuation.resume() }
    }
}
