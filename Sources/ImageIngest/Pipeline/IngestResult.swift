public import ImageCodecs
public import SuperOfficeWebAPI

/// What ingesting one image did.
public struct IngestResult: Sendable {
    /// The file's path (or the name given with in-memory bytes).
    public var path: String
    /// The project the image was submitted to.
    public var projectId: Int
    /// The header of the picture uploaded (and described by the ImageInfo): the file's own unless
    /// `changes` says it was resized or turned upright.
    public var header: ImageHeader
    /// The header of the file as it was read.
    public var sourceHeader: ImageHeader
    /// What was done to the picture before the upload (converted, resized, turned upright, metadata removed).
    public var changes: Changes = Changes()
    /// SHA-256 (lowercase hex) of the bytes uploaded: the file's own unless its metadata was removed.
    public var sha256: String
    /// The file's size in bytes as it was read (the bytes given, for in-memory images).
    public var bytes: Int = 0
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
    /// Set when the file was not uploaded because of the project's current picture (`IngestOptions.existing`):
    /// `.unchangedOnServer` or `.keptExisting`, as an import's `.skipped` event says it.
    public var skippedBecause: SkipReason? = nil
    /// In a dry run that read the server (`IngestOptions.planAgainstServer`): why the real run would upload it.
    public var plannedUpload: ExistingImagePolicy.PlannedUpload? = nil
    /// Where the project's earlier picture was kept before this one replaced it (a folder import keeping
    /// backups), and its size; nil when nothing was kept (the project had no picture, or none was replaced).
    public var keptPicturePath: String? = nil
    public var keptPictureBytes: Int = 0
    /// Whether the file carried GPS information (its EXIF points at GPS data).
    public var carriedGPS: Bool = false
    /// Whether the bytes uploaded (or, in a dry run, to upload) still carry it: true unless the metadata was
    /// removed (`IngestOptions.stripMetadata`).
    public var uploadedWithGPS: Bool = false
    /// Whether it was a dry run (`IngestOptions.dryRun`): nothing was sent.
    public var dryRun: Bool = false

    /// What was done to a picture on its way up (`IngestOptions.convert`, `maxSide`, `stripMetadata`).
    public struct Changes: Hashable, Sendable {
        /// How a picture that was not upright was turned.
        public enum Upright: String, Hashable, Sendable {
            /// Its DCT blocks were moved (TurboJPEG's lossless transform): no pixel was quantised again.
            case lossless
            /// Its MCU grid did not allow that: decoded, turned and encoded again at `IngestOptions.jpegQuality`.
            case reencoded
        }
        /// True when the picture was fitted within `IngestOptions.maxSide` (decoded, filtered, encoded again).
        public var resized: Bool = false
        /// Set when the picture was turned upright on its own (a resized picture is upright anyway).
        public var upright: Upright? = nil
        /// True when the uploaded bytes carry none of the source's EXIF, XMP, IPTC or comments (removed, or
        /// left behind by a re-encode); the colour profile stays.
        public var metadataRemoved: Bool = false
        /// The file's own format when it was converted (`IngestOptions.convert`): HEIC, WebP, BMP or TIFF decoded
        /// and encoded again as the JPEG or PNG that went up; nil when it went up in its own format.
        public var convertedFrom: ImageFormat? = nil
        /// True when nothing was changed: the file's own bytes went up.
        public var isEmpty: Bool { !resized && upright == nil && !metadataRemoved && convertedFrom == nil }
        /// Nothing changed.
        public init() {}
    }
}
