import Dispatch
package import GRDB
import NIOConcurrencyHelpers

/// Commits the journal writes of many files together, each waiter resuming only once its own write is committed.
///
/// A folder import writes three rows a file from up to `concurrency` tasks at once; one transaction each cost a
/// commit (WAL frames for every page touched, the WAL's file locks) and a hop to GRDB's writer and back each.
/// Here a write waits in a queue; whichever write finds the writer idle starts a drain on it that takes every
/// waiting write, runs them in arrival order in one transaction and commits it, then resumes their waiters,
/// and takes what queued meanwhile, until the queue is empty. Writes arrive one at a time (a file writes
/// between network round trips), so before it takes fewer than ``batchTarget`` writes the drain waits up to
/// ``linger`` for more (a commit delay, as databases' group commit has): a write waits at most that long.
///
/// Each write keeps what it was promised: it returns only after a `COMMIT` that holds it succeeded (so the
/// attempt is durable before the upload leaves, and `done` only after the server took the ImageInfo), and a
/// write's statements are committed together or not at all. When a batch fails (a full disk, a file-size limit,
/// one statement's error), nothing of it is committed, and its writes are run again one transaction each, so
/// every waiter gets its own outcome: the failure that is its, or its commit.
package final class JournalGroupCommit: Sendable {
    /// One queued write: runs its statements (keeping their result for its waiter), then hears how its commit went.
    private struct Pending: Sendable {
        var run: @Sendable (Database) throws -> Void
        var finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var queue: [Pending] = []
        var draining = false
        /// The drain waits on `more` for `batchTarget` writes.
        var lingering = false
    }

    /// The largest batch the drain waits for.
    static let largestBatchTarget = 16
    /// A batch this large is committed at once: as many writes as there are writers (at most 16); with one
    /// writer, every write is committed at once.
    let batchTarget: Int
    /// How long a smaller batch waits for more writes before it is committed.
    static let linger = DispatchTimeInterval.milliseconds(4)

    private let writer: any DatabaseWriter
    private let state = NIOLockedValueBox(State())
    private let more = DispatchSemaphore(value: 0)

    package init(writer: any DatabaseWriter, batchTarget: Int = 1) {
        self.writer = writer
        self.batchTarget = min(Self.largestBatchTarget, max(1, batchTarget))
    }

    /// Runs `body` on the writer within a transaction it may share with other writes, and answers its result once
    /// that transaction is committed.
    /// - Throws: the error of `body`, or of the commit (GRDB's `DatabaseError`).
    package func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = NIOLockedValueBox<T?>(nil)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let pending = Pending(
                run: { db in
                    let value = try body(db)
                    result.withLockedValue { $0 = value }
                },
                finish: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                })
            let (startsDrain, completesBatch) = state.withLockedValue { state -> (Bool, Bool) in
                state.queue.append(pending)
                if !state.draining {
                    state.draining = true
                    return (true, false)
                }
                guard state.lingering, state.queue.count >= self.batchTarget else { return (false, false) }
                state.lingering = false
                return (false, true)
            }
            if startsDrain {
                writer.asyncWriteWithoutTransaction { db in self.drain(db) }
            }
            if completesBatch { more.signal() }
        }
        // the continuation resumed without an error only after `run` stored the value
        return result.withLockedValue { $0! }
    }

    /// On the writer: commits batches until the queue is empty.
    private func drain(_ db: Database) {
        while true {
            let lingers = state.withLockedValue { state -> Bool in
                guard !state.queue.isEmpty, state.queue.count < self.batchTarget else { return false }
                state.lingering = true
                return true
            }
            if lingers {
                // woken early by the write that completes the batch (a signal that comes just after the time ran
                // out only makes the next wait shorter)
                _ = more.wait(timeout: .now() + Self.linger)
                state.withLockedValue { $0.lingering = false }
            }
            let batch = state.withLockedValue { state -> [Pending] in
                let batch = state.queue
                state.queue = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            commit(batch, db)
        }
    }

    private func commit(_ batch: [Pending], _ db: Database) {
        do {
            try db.inTransaction {
                for pending in batch { try pending.run(db) }
                return .commit
            }
            for pending in batch { pending.finish(nil) }
            return
        } catch {
            guard batch.count > 1 else {
                batch[0].finish(error)
                return
            }
        }
        // the batch was rolled back: each write alone, so that each waiter hears its own outcome
        for pending in batch {
            do {
                try db.inTransaction {
                    try pending.run(db)
                    return .commit
                }
                pending.finish(nil)
            } catch {
                pending.finish(error)
            }
        }
    }
}
