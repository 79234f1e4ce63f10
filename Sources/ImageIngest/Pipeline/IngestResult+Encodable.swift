/// A result's JSON, the keys of an import's `done` event and of `put --json`: `path`, `projectId`, `blobId` (absent
/// in a dry run), `bytes` (the file's size), `uploaded`, `plan`, `width` and `height` (of the picture uploaded),
/// `backup`, `carriedGPS`, `uploadedWithGPS`, the changes (`IngestResult.Changes`), `notes` (when there are any),
/// `mime`, `originalSize`, `blobSize`, `isZipped`, `sha256` (of the bytes uploaded) and `dryRun`. An absent value
/// is left out, never `null`.
extension IngestResult: Encodable {
    /// Writes the result's keys into the encoder's object (an event's, or one of its own).
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encode(path, forKey: "path")
        try json.encode(projectId, forKey: "projectId")
        try json.encodeIfPresent(blobId, forKey: "blobId")
        try json.encode(bytes, forKey: "bytes")
        try json.encode(uploaded, forKey: "uploaded")
        try json.encodeIfPresent(plannedUpload?.rawValue, forKey: "plan")
        try json.encode(header.width, forKey: "width")
        try json.encode(header.height, forKey: "height")
        try json.encodeIfPresent(keptPicturePath, forKey: "backup")
        try json.encode(carriedGPS, forKey: "carriedGPS")
        try json.encode(uploadedWithGPS, forKey: "uploadedWithGPS")
        try changes.encode(to: encoder)
        if !notes.isEmpty { try json.encode(notes, forKey: "notes") }
        try json.encode(header.format.mimeType, forKey: "mime")
        try json.encode(originalSize, forKey: "originalSize")
        try json.encode(blobSize, forKey: "blobSize")
        try json.encode(isZipped, forKey: "isZipped")
        try json.encode(sha256, forKey: "sha256")
        try json.encode(dryRun, forKey: "dryRun")
    }
}

/// The changes' JSON: `convertedFrom` (the file's own format, absent when it went up in it), `resized`, `upright`
/// (`lossless` or `reencoded`, absent when it was upright) and `metadataRemoved`.
extension IngestResult.Changes: Encodable {
    /// Writes the four change keys into the encoder's object.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encodeIfPresent(convertedFrom?.name, forKey: "convertedFrom")
        try json.encode(resized, forKey: "resized")
        try json.encodeIfPresent(upright?.rawValue, forKey: "upright")
        try json.encode(metadataRemoved, forKey: "metadataRemoved")
    }
}
