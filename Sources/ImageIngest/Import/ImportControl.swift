import NIOConcurrencyHelpers

/// Shared stop switch of one folder import (set by `FolderImport.stop()` or a refused credential).
final class ImportControl: Sendable {
    private let state = NIOLockedValueBox<(reason: StopReason?, journalFailed: Bool)>((nil, false))

    /// Asks the import to start no new files. The first reason given wins; a journal that cannot be written is
    /// remembered whatever came first (nothing more may reach the server then).
    func stop(_ reason: StopReason) {
        state.withLockedValue { current in
            if current.reason == nil { current.reason = reason }
            if case .journalUnwritable = reason { current.journalFailed = true }
        }
    }

    /// Why the import is stopping, if it is.
    var stopReason: StopReason? { state.withLockedValue { $0.reason } }

    /// Whether the journal (or the backups folder) failed a write in this import.
    var journalFailed: Bool { state.withLockedValue { $0.journalFailed } }
}
