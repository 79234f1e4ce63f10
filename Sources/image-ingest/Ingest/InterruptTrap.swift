import Dispatch
import NIOConcurrencyHelpers

import LibC

/// Catches SIGINT and SIGTERM: the first SIGINT calls `onFirst` (stop starting new files); a second SIGINT, or a
/// SIGTERM, calls `beforeExit` (write what output is buffered, without waiting) and exits at once with status 130
/// (143 for SIGTERM). The journal is consistent at every moment, so nothing is lost either way.
final class InterruptTrap: @unchecked Sendable {
    // the sources are set once in init and only cancelled after; `count` is behind its mutex.
    private let count = NIOLockedValueBox(0)
    private let interrupt: any DispatchSourceSignal
    private let termination: any DispatchSourceSignal
    private static let queue = DispatchQueue(label: "image-ingest.signals")

    init(beforeExit: @escaping @Sendable () -> Void = {}, onFirst: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: Self.queue)
        termination = DispatchSource.makeSignalSource(signal: SIGTERM, queue: Self.queue)
        interrupt.setEventHandler { [self] in
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
        termination.setEventHandler {
            beforeExit()
            Terminal.standardError("\nterminated: exiting now; the journal keeps what was done")
            exit(143)
        }
        interrupt.resume()
        termination.resume()
    }

    /// Whether SIGINT arrived.
    var fired: Bool { count.withLockedValue { $0 > 0 } }

    /// Stops catching SIGINT and SIGTERM.
    func cancel() {
        interrupt.cancel()
        termination.cancel()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
