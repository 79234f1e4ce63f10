import Dispatch
import NIOConcurrencyHelpers

import LibC

/// Catches SIGINT: the first one calls `onFirst` (stop starting new files), the second calls `beforeExit` (write
/// what output is buffered) and exits at once with status 130 (the journal is consistent at every moment, so
/// nothing is lost either way).
final class InterruptTrap: @unchecked Sendable {
    // `source` is set once in init and only cancelled after; `count` is behind its mutex.
    private let count = NIOLockedValueBox(0)
    private let source: any DispatchSourceSignal
    private static let queue = DispatchQueue(label: "image-ingest.sigint")

    init(beforeExit: @escaping @Sendable () -> Void = {}, onFirst: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: Self.queue)
        source.setEventHandler { [self] in
            let n = self.count.withLockedValue { value -> Int in
                value += 1
                return value
            }
            if n == 1 {
                onFirst()
            } else {
                beforeExit()
                Terminal.standardError("\ninterrupted again: exiting now; the journal keeps what was done")
                exit(130)
            }
        }
        source.resume()
    }

    /// Whether SIGINT arrived.
    var fired: Bool { count.withLockedValue { $0 > 0 } }

    /// Stops catching SIGINT.
    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
