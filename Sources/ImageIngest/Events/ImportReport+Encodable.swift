/// The closing report's JSON, the keys of an import's `summary` event (without its `"event"`): the counts (`done`,
/// or `wouldSubmit` in a dry run; `resumed`, `skipped`, `alreadyDone`, `unchangedOnServer`, `kept`, `carryingGPS`,
/// `uploadedWithGPS`, `converted` by format, `resized`, `uprightLossless`, `uprightReencoded`, `plan` by why, `failed`,
/// `failedByReason` by code, `notFinished`, `keptPictures`, `keptBytes`), the files not imported by path
/// (`unmapped`, `ambiguous`, `notInManifest`, `inSubfolder`), `bytes`, `elapsedSeconds`, `megabytesPerSecond` and
/// `filesPerSecond` (to three decimals), `dryRun`, `run`, `backups`, and when it stopped early `stopped` (redacted as
/// `ImportEvent.redactingMessages` says) and `stopCode`. An absent value is left out, never `null`.
extension ImportReport: Encodable {
    /// Writes the report's counts, paths and rates (the `summary` event without its `"event"`).
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encode(done, forKey: dryRun ? "wouldSubmit" : "done")
        try json.encode(resumed, forKey: "resumed")
        try json.encode(skipped, forKey: "skipped")
        try json.encode(alreadyDone, forKey: "alreadyDone")
        try json.encode(unchangedOnServer, forKey: "unchangedOnServer")
        try json.encode(kept, forKey: "kept")
        try json.encode(carryingGPS, forKey: "carryingGPS")
        try json.encode(uploadedWithGPS, forKey: "uploadedWithGPS")
        if !converted.isEmpty {
            try json.encode(Dictionary(uniqueKeysWithValues: converted.map { ($0.key.name, $0.value) }), forKey: "converted")
        }
        try json.encode(resized, forKey: "resized")
        try json.encode(turnedUprightLosslessly, forKey: "uprightLossless")
        try json.encode(turnedUprightByReencoding, forKey: "uprightReencoded")
        if !plannedUploads.isEmpty {
            try json.encode(Dictionary(uniqueKeysWithValues: plannedUploads.map { ($0.key.rawValue, $0.value) }), forKey: "plan")
        }
        try json.encode(unmapped, forKey: "unmapped")
        try json.encode(ambiguous, forKey: "ambiguous")
        try json.encode(notInManifest, forKey: "notInManifest")
        try json.encode(inSubfolder, forKey: "inSubfolder")
        try json.encode(failures.count, forKey: "failed")
        try json.encode(Dictionary(uniqueKeysWithValues: failuresByReason.map { ($0.code, $0.count) }), forKey: "failedByReason")
        try json.encode(notFinished, forKey: "notFinished")
        try json.encode(bytes, forKey: "bytes")
        try json.encodeRounded(elapsedSeconds, forKey: "elapsedSeconds")
        try json.encodeRounded(megabytesPerSecond, forKey: "megabytesPerSecond")
        try json.encodeRounded(filesPerSecond, forKey: "filesPerSecond")
        try json.encode(dryRun, forKey: "dryRun")
        try json.encodeIfPresent(runId, forKey: "run")
        try json.encode(keptPictures, forKey: "keptPictures")
        try json.encode(keptBytes, forKey: "keptBytes")
        try json.encodeIfPresent(backupsFolder, forKey: "backups")
        if let stopReason {
            try json.encode(encoder.redacted(stopReason.description), forKey: "stopped")
            try json.encode(stopReason.name, forKey: "stopCode")
        }
    }
}

extension KeyedEncodingContainer<JSONKey> {
    /// A number rounded to three decimals; `null` when it is not finite.
    mutating func encodeRounded(_ value: Double, forKey key: JSONKey) throws {
        if value.isFinite { try encode((value * 1000).rounded() / 1000, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// A journal row as `status --json` writes it: `path`, `server`, `projectId`, `state`, `size`, `attempts`, and when
/// known `sha256`, `blobId`, and for a failure its `stage`, `code` and `message` (redacted as
/// `ImportEvent.redactingMessages` says). An absent value is left out, never `null`.
extension ImportReport.FileRecord: Encodable {
    /// Writes the row's keys.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encode(path, forKey: "path")
        try json.encode(server, forKey: "server")
        try json.encode(projectId, forKey: "projectId")
        try json.encode(state.rawValue, forKey: "state")
        try json.encode(size, forKey: "size")
        try json.encodeIfPresent(sha256, forKey: "sha256")
        try json.encode(attempts, forKey: "attempts")
        try json.encodeIfPresent(blobId, forKey: "blobId")
        if let failure {
            try json.encode(failure.stage.name, forKey: "stage")
            try json.encode(failure.code.name, forKey: "code")
            try json.encode(encoder.redacted(failure.message), forKey: "message")
        }
    }
}
