public import ImageCodecs

import LibC

/// What the ImageInfo's ExtraInfo field gets.
public enum ExtraInfoPolicy: Hashable, Sendable {
    /// `width=…;height=…;sha256=…;file=…` (the stored pixel size, the SHA-256 of the uploaded bytes and the
    /// file name, percent-encoded). The default.
    case imageFacts
    /// This exact text.
    case fixed(String)
    /// Leave the server's ExtraInfo as it is.
    case leaveAsIs
}

/// How files are checked, packed and described. Values in a manifest row win over these.
public struct IngestOptions: Hashable, Sendable {
    /// Decode every scanline before uploading (a broken image is never submitted). Default on.
    public var verify: Bool = true
    /// Whether verify fails on decoder warnings that lose no pixel (`VerifyPolicy.strict`) or keeps them as
    /// notes (`VerifyPolicy.standard`, the default).
    public var verifyPolicy: VerifyPolicy = .standard
    /// Whether the payload is sent zlib-compressed (`IsZipped`). Default never (the WebAPI documents
    /// IsZipped as not yet supported).
    public var zip: ZipPolicy = .never
    /// The ImageInfo Description; nil leaves the server's.
    public var description: String? = nil
    /// What goes in ExtraInfo.
    public var extraInfo: ExtraInfoPolicy = .imageFacts
    /// The ImageInfo ConceptualType; nil leaves the server's.
    public var conceptualType: String? = nil
    /// File size and pixel limits, checked before the work they guard.
    public var limits: CodecLimits = .init()
    /// How many files of an import are in flight at once (reading, decoding, or waiting on the network).
    /// Default: sixteen per core, so that while most files wait on an upload or an ImageInfo round trip,
    /// others keep every core decoding. Decoding runs on about one thread per core (`CPUWork`), however many
    /// files are in flight.
    public var concurrency: Int = IngestOptions.defaultConcurrency
    /// How much memory an import's files in flight hold at once: each file's bytes from its read to the end of
    /// its upload, plus what its verify and pack need while they run, estimated from its header before it is
    /// read (a progressive JPEG's whole coefficient buffer: 645 MiB for a 15000×15000 photo, however small the
    /// file). Default 256 MiB. A file that needs more than this waits until no other file holds memory, then
    /// runs alone; so peak memory stays within this budget plus the largest single file's need.
    public var memoryBudget: Int = IngestOptions.defaultMemoryBudget
    /// What happens when the project already has a picture: `.ifDifferent` (the default) skips a project whose
    /// ImageInfo already describes this content, `.keep` leaves any picture, `.replace` always uploads. Every
    /// policy but `.replace` reads the project's ImageInfo before the upload.
    public var existing: ExistingImagePolicy = .ifDifferent
    /// Remove EXIF (GPS coordinates included), XMP, IPTC, comments and PNG text/time chunks before the upload,
    /// without re-encoding (`MetadataStripper`): the pixels decode bit-identical and the ICC profile stays. A JPEG
    /// that is not upright is turned upright first, losslessly where its MCU grid allows (TurboJPEG), otherwise
    /// by a re-encode at `jpegQuality` (`IngestResult.Changes.upright` says which). The ImageInfo then describes
    /// the uploaded bytes. Default off.
    public var stripMetadata: Bool = false
    /// Fit larger pictures within this many pixels on their long side before the upload (JPEG: libjpeg-turbo's
    /// DCT scaling, then Lanczos-3, encoded at `jpegQuality`; PNG: the same filter, alpha and a palette kept
    /// where they fit). A resized picture is upright and keeps only its colour profile. Pictures that fit are
    /// turned upright (as with `stripMetadata`) but not resized. nil (the default): sizes stay as they are.
    public var maxSide: Int? = nil
    /// Convert the pictures SuperOffice's upload does not take (HEIC/HEIF, WebP, BMP) and TIFF, which browsers do
    /// not show (unless `keepTIFF`), before the upload (`PictureConverter`): decoded by their own library (the first
    /// frame, page or the primary image), turned upright, fitted within `maxSide` when given, and encoded as a JPEG
    /// at `jpegQuality` when opaque or a PNG when something is transparent; the ICC profile stays, other metadata
    /// (GPS included) does not. The ImageInfo describes the uploaded picture. GIF always goes up as it is (animated
    /// ones too). Default on; off, such files fail at the probe stage with `unsupportedFormat`, naming the format.
    public var convert: Bool = true
    /// Upload a TIFF as it is (SuperOffice takes TIFF; browsers mostly do not show it) instead of converting its
    /// first page. Default off.
    public var keepTIFF: Bool = false
    /// The JPEG quality (1...100) of a resized, converted or re-encoded picture. Default 85.
    public var jpegQuality: Int = PictureResizer.defaultJPEGQuality
    /// Do everything up to the network (read, probe, verify, pack) and submit nothing; the journal is not written.
    public var dryRun: Bool = false
    /// With `dryRun`: read each project's ImageInfo (the only request made, within the rate limit) to say what
    /// the real run would do: upload (`IngestResult.plannedUpload`: new, different, replace) or skip (unchanged
    /// on server, kept). Without it a dry run sends nothing at all.
    public var planAgainstServer: Bool = false

    /// Options with the defaults.
    public init() {}

    /// Sixteen per online processor core (at least 16). A file in an upload or an ImageInfo round trip holds
    /// no core, and each file passes through several threads and a server: measured on 2 cores against the
    /// sandbox on loopback, 1000 files took 1.67 s with the earlier 4 files holding bytes plus 4 finishing,
    /// 1.46 s with 16 in flight and 1.36 s with 32 (the cores' limit there). The HTTP client still opens at
    /// most its pool's connections per host (8 by default); the other files wait for one.
    public static var defaultConcurrency: Int {
        16 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// 256 MiB.
    public static let defaultMemoryBudget = 256 << 20
}
