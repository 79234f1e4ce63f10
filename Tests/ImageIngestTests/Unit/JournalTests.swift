import Foundation
import ImageIngest
import Logging
import Testing

@Suite struct JournalTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func recordsTransitionsDurablyAcrossReopen() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = Journal.defaultPath(forFolder: dir.path)
        let journal = try Journal(path: path, logger: logger)
        let begun = try await journal.beginAttempt(path: "1.jpg", size: 10, modificationTimeNanoseconds: 5, projectId: 1,
                                                   keepUploaded: false)
        #expect(begun.state == .pending && begun.attempts == 1)
        try await journal.transition(path: "1.jpg", target: "", to: .uploaded(blobId: 77), sha256: "abc")
        // a second connection pool on the same file (as a later run opens it) sees the committed state
        let reopened = try Journal.openExisting(path: path, logger: logger)
        let entry = try #require(try await reopened.entry(forPath: "1.jpg", target: ""))
        #expect(entry.state == .uploaded(blobId: 77))
        #expect(entry.sha256 == "abc")
        // resuming keeps the upload, counts the attempt
        let resumed = try await reopened.beginAttempt(path: "1.jpg", size: 10, modificationTimeNanoseconds: 5, projectId: 1,
                                                      keepUploaded: true)
        #expect(resumed.state == .uploaded(blobId: 77) && resumed.attempts == 2)
        try await reopened.transition(path: "1.jpg", target: "", to: .done(blobId: 77))
        try await reopened.transition(path: "missing.jpg", target: "", to: .done(blobId: 1))  // no row: nothing happens
        try await reopened.save(JournalEntry(path: "2.png", size: 3, modificationTimeNanoseconds: 1, projectId: 2,
                                             state: .failed(stage: .verify, code: .invalidImage, reason: "truncated")))
        let all = try await reopened.allEntries()
        #expect(all.map(\.path) == ["1.jpg", "2.png"])
        #expect(all[1].state == .failed(stage: .verify, code: .invalidImage, reason: "truncated"))
        #expect(try await reopened.countsByState() == ["done": 1, "failed": 1])
    }

    /// Files in flight write at once and share commits (`JournalGroupCommit`): every write returns only once it is
    /// committed, so a second connection (a later run) sees each file's last state, none lost or mixed up.
    @Test func concurrentWritesShareCommitsAndEachIsDurable() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = Journal.defaultPath(forFolder: dir.path)
        let journal = try Journal(path: path, logger: logger)
        let count = 64
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let name = "\(index).jpg"
                    try await journal.beginAttempt(path: name, size: index, modificationTimeNanoseconds: 1, projectId: index + 1,
                                                   keepUploaded: false)
                    try await journal.transition(path: name, target: "", to: .uploaded(blobId: 1000 + index))
                    if index.isMultiple(of: 2) { try await journal.transition(path: name, target: "", to: .done(blobId: 1000 + index)) }
                }
            }
            try await group.waitForAll()
        }
        let reopened = try Journal.openExisting(path: path, logger: logger)
        let entries = try await reopened.allEntries()
        #expect(entries.count == count)
        for entry in entries {
            let index = try #require(Int(entry.path.dropLast(4)))
            #expect(entry.projectId == index + 1 && entry.size == index && entry.attempts == 1)
            #expect(entry.state == (index.isMultiple(of: 2) ? .done(blobId: 1000 + index) : .uploaded(blobId: 1000 + index)))
        }
    }

    /// The journal writes its time stamps itself (not through a DateFormatter): they must read back as the
    /// moment they were written, in UTC.
    @Test func timeStampsReadBackAsTheMomentOfWriting() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let journal = try Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        let before = Date().timeIntervalSince1970
        let begun = try await journal.beginAttempt(path: "a.jpg", size: 1, modificationTimeNanoseconds: 1, projectId: 1,
                                                   keepUploaded: false)
        try await journal.transition(path: "a.jpg", target: "", to: .uploaded(blobId: 7))
        let after = Date().timeIntervalSince1970
        let entry = try #require(try await journal.entry(forPath: "a.jpg", target: ""))
        for stamp in [begun.createdAt, begun.updatedAt, entry.updatedAt] {
            let seconds = stamp.timeIntervalSince1970
            #expect(seconds >= before - 0.002 && seconds <= after + 0.002, "\(seconds) not in [\(before), \(after)]")
        }
        #expect(entry.createdAt == begun.createdAt)
    }

    /// One folder imported into two servers keeps two histories: a row per file and server, each moving on
    /// its own; a journal written before (one row per file) is migrated with its rows.
    @Test func oneFolderTwoServersTwoHistories() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let journal = try Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        let a = "https://sod2.superoffice.com/Cust1/", b = "https://online3.superoffice.com/Cust2/"
        for target in [a, b] {
            try await journal.beginAttempt(path: "1.jpg", size: 10, modificationTimeNanoseconds: 5, projectId: 1, target: target,
                                           keepUploaded: false)
        }
        try await journal.transition(path: "1.jpg", target: a, to: .done(blobId: 11))
        try await journal.transition(path: "1.jpg", target: b, to: .failed(stage: .upload, code: .serverError, reason: "503"))
        #expect(try await journal.entry(forPath: "1.jpg", target: a)?.state == .done(blobId: 11))
        #expect(try await journal.entry(forPath: "1.jpg", target: b)?.state == .failed(stage: .upload, code: .serverError, reason: "503"))
        #expect(Set(try await journal.allEntries().map(\.target)) == [a, b])
    }

    @Test func openExistingRefusesAMissingJournal() {
        #expect(throws: IngestError.self) { try Journal.openExisting(path: "/nonexistent/journal.sqlite", logger: logger) }
    }

    @Test func resumeDecisions() {
        func entry(_ state: JournalState, size: Int = 10, mtime: Int64 = 5, sha: String? = "s", project: Int = 1) -> JournalEntry {
            JournalEntry(path: "p", size: size, modificationTimeNanoseconds: mtime, sha256: sha, projectId: project, state: state)
        }
        func decide(_ e: JournalEntry?, size: Int = 10, mtime: Int64 = 5, project: Int = 1, force: Bool = false) -> ResumeDecision {
            ResumeDecision.decide(entry: e, size: size, modificationTimeNanoseconds: mtime, projectId: project, force: force)
        }
        #expect(decide(nil) == .ingest)
        #expect(decide(entry(.done(blobId: 9))) == .skip(blobId: 9))
        #expect(decide(entry(.done(blobId: 9)), force: true) == .ingest)
        #expect(decide(entry(.done(blobId: 9)), mtime: 6) == .skipIfUnchanged(sha256: "s", blobId: 9))
        #expect(decide(entry(.done(blobId: 9)), size: 11) == .ingest)
        #expect(decide(entry(.done(blobId: 9)), project: 2) == .ingest)
        #expect(decide(entry(.uploaded(blobId: 9))) == .finishSubmit(blobId: 9, sha256: "s"))
        #expect(decide(entry(.uploaded(blobId: 9), sha: nil)) == .ingest)
        #expect(decide(entry(.pending)) == .ingest)
        var attempted = entry(.pending)
        attempted.attempts = 1
        // an attempt that never finished, or failed from the upload on, may have left its bitmap on the project
        #expect(decide(attempted) == .ingestAfterInterruptedAttempt)
        #expect(decide(entry(.failed(stage: .upload, code: .serverError, reason: "503"))) == .ingestAfterInterruptedAttempt)
        #expect(decide(entry(.failed(stage: .verify, code: .truncated, reason: "short"))) == .ingest)
    }
}

extension JournalTests {
    /// Before the first upload the journal's file system must hold the plan's rows (and the write-ahead log between
    /// checkpoints); too little room is refused with both figures and the way out.
    @Test func tooLittleRoomForThePlansRowsIsRefusedUpFront() {
        let needed = JournalRoom.baseBytes + 300 * JournalRoom.bytesPerRow
        #expect(JournalRoom.refusal(freeBytes: needed, rows: 300) == nil)
        let refusal = JournalRoom.refusal(freeBytes: 530 * 1024, rows: 300)
        #expect(refusal?.contains("530 KiB free") == true && refusal?.contains("300 rows need about \((needed + 1023) / 1024) KiB") == true)
        #expect(refusal?.contains("--journal PATH") == true && refusal?.contains("nothing was sent") == true)
    }
}
