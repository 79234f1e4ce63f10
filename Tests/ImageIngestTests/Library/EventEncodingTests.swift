import Foundation
import ImageIngest
import SuperOfficeWebAPI
import Testing

/// The events and the closing report encode as the CLI's `--json` lines: stable keys, an absent value left out (never
/// `null`), and every message through the redaction the encoder is given.
@Suite struct EventEncodingTests {
    private func object(_ event: ImportEvent, redactor: SecretRedactor? = nil) throws -> [String: Any] {
        let encoder = JSONEncoder()
        if let redactor { encoder.userInfo[ImportEvent.redactingMessages] = redactor }
        return try #require(try JSONSerialization.jsonObject(with: encoder.encode(event)) as? [String: Any])
    }

    @Test func aFailureNamesItsStageAndCodeAndItsMessageIsRedacted() throws {
        var error = IngestError(stage: .upload, code: .configuration, message: "refused with ticket s3cr3t-ticket")
        error.path = "a/101.jpg"
        let redactor = SecretRedactor(secrets: ["s3cr3t-ticket"])
        let failed = try object(.failed(projectId: 101, error: error), redactor: redactor)
        #expect(failed["event"] as? String == "failed" && failed["path"] as? String == "a/101.jpg")
        #expect(failed["projectId"] as? Int == 101 && failed["stage"] as? String == "upload" && failed["code"] as? String == "configuration")
        let message = try #require(failed["message"] as? String)
        #expect(!message.contains("s3cr3t-ticket") && message.hasPrefix("refused with ticket"), "\(message)")
        // without a redactor the message is written as it is
        #expect(try object(.failed(projectId: nil, error: error))["message"] as? String == error.message)
        #expect(try object(.failed(projectId: nil, error: error))["projectId"] == nil, "absent, not null")
    }

    @Test func skipsStopsAndTheSummaryKeepTheirKeys() throws {
        let skipped = try object(.skipped(path: "2024-01-05 visit.jpg", projectId: nil, reason: .ambiguousName(why: "a date")))
        #expect(skipped["reason"] as? String == "ambiguousName" && skipped["why"] as? String == "a date" && skipped["projectId"] == nil)
        #expect(try object(.skipped(path: "7.jpg", projectId: 7, reason: .alreadyDone(blobId: 9)))["blobId"] as? Int == 9)
        let stopped = try object(.stopped(.stopRequested))
        #expect(stopped["event"] as? String == "stopped" && stopped["code"] as? String == "stopRequested")

        var report = ImportReport()
        report.dryRun = true
        report.done = 3
        report.elapsedSeconds = 1.23456
        report.failures = [IngestError(stage: .verify, code: .configuration, message: "x")]
        report.stopReason = .cancelled
        let summary = try object(.finished(report))
        #expect(summary["event"] as? String == "summary" && summary["wouldSubmit"] as? Int == 3 && summary["done"] == nil)
        #expect(summary["elapsedSeconds"] as? Double == 1.235 && summary["failed"] as? Int == 1)
        #expect(summary["failedByReason"] as? [String: Int] == ["configuration": 1])
        #expect(summary["stopCode"] as? String == "cancelled" && summary["run"] == nil && summary["unmapped"] as? [String] == [])
    }
}
