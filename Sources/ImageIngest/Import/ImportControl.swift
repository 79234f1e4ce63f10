import NIOConcurrencyHelpers

/// Shared stop switch of one folder import (set by `FolderImport.stop()` or a refused credential).
final class ImportControl: Sendable {
    private let state = NIOLockedValueBox<StopReason?>(nil)

    /// Asks the import to start no new files. The first reason given wins.
    func stop(_ reason: StopReason) {
        state.withLockedValue { current in
            if current == nil { current = reason }
        }
    }

    /// Why the import is stopping, if it is.
    var stopReason: StopReason? { state.withLockedValue { $0 } }
}
