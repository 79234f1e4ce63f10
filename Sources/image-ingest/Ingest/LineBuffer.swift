import Synchronization

import LibC

/// Standard-output lines gathered and written together: one `write(2)` per 64 KiB, and at least every 100 ms while
/// ``flushing(every:)``'s task runs, so a reader following `import --json` sees each line within a tenth of a second
/// (an import writes about ten lines a file; a call each was a fifth of its system calls).
final class LineBuffer: Sendable {
    private let pending = Mutex<[UInt8]>([])
    private static let limit = 1 << 16

    /// Adds a line (its newline is added); writes the buffer when it holds 64 KiB. Writes happen under the lock, so
    /// lines leave in the order they were added, whoever flushes.
    func append(_ line: String) {
        pending.withLock { bytes in
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            if bytes.count >= Self.limit { Self.write(&bytes) }
        }
    }

    /// Writes what is buffered.
    func flush() {
        pending.withLock { bytes in Self.write(&bytes) }
    }

    /// On the way out (a second Ctrl-C, SIGTERM): writes what is buffered only if that cannot block, that is when no
    /// other write holds the lock and stdout takes bytes now (a reader that stopped reading, e.g. a paused `less`,
    /// must not keep the process from exiting). Lines that do not fit are dropped.
    func flushWithoutWaiting() {
        _ = pending.withLockIfAvailable { bytes in
            var offset = 0
            while offset < bytes.count {
                var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                guard poll(&ready, 1, 0) == 1, ready.revents & Int16(POLLOUT) != 0 else { return }
                let n = bytes.withUnsafeBytes { LibC.write(STDOUT_FILENO, $0.baseAddress! + offset, min($0.count - offset, 4096)) }
                guard n > 0 else { return }
                offset += n
            }
        }
    }

    private static func write(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        Terminal.standardOutputBytes(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Starts a task that writes the buffer every `interval` until it is cancelled (then once more).
    func flushing(every interval: Duration) -> Task<Void, Never> {
        Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                flush()
            }
            flush()
        }
    }
}
