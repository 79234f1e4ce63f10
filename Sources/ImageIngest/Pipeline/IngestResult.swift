public import ImageCodecs
public import SuperOfficeWebAPI

/// What ingesting one image did.
public struct IngestResult: Sendable {
    /// The file's path (or the name given with in-memory bytes).
    public var path: String
    /// The project the image was submitted to.
    public var projectId: Int
    /// The probed header.
    public var header: ImageHeader
    /// SHA-256 (lowercase hex) of the bytes uploaded: the file's own unless its metadata was removed.
    public var sha256: String
    /// The original byte count (OriginalSize).
    public var originalSize: Int
    /// The payload's byte count (BlobSize).
    public var blobSize: Int
    /// Whether the payload was zlib-compressed (IsZipped).
    public var isZipped: Bool
    /// Non-fatal decoder notes.
    public var notes: [String]
    /// The blob id the server gave the upload (or, when skipped, the project's current blob id); nil in a
    /// dry run.
    public var blobId: Int?
    /// The ImageInfo the server answered after the submit, or the project's current one when skipped; nil in a
    /// dry run.
    public var imageInfo: BlobEntity?
    /// False when nothing was uploaded (a dry run, or a skip for what the project already shows).
    public var uploaded: Bool
    /// Set when the file was not uploaded because of the project's current picture (`IngestOptions.existing`).
    public var skippedBecause: ExistingImageSkip? = nil
    /// In a dry run that read the server (`IngestOptions.planAgainstServer`): why the real run would upload it.
    public var plannedUpload: PlannedUpload? = nil
    /// Whether the file carried GPS information (its EXIF points at GPS data).
    public var carriedGPS: Bool = false
    /// Whether the bytes uploaded (or, in a dry run, to upload) still carry it: true unless the metadata was
    /// removed (`IngestOptions.stripMetadata`).
    public var uploadedWithGPS: Bool = false
}
