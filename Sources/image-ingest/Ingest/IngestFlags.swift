import ArgumentParser
import ImageCodecs
import ImageIngest

/// `--zip never|always|auto`.
enum ZipChoice: String, ExpressibleByArgument, CaseIterable {
    case never, always, auto

    var policy: ZipPolicy {
        switch self {
        case .never: .never
        case .always: .always(level: ZipPolicy.defaultLevel)
        case .auto: .automatic
        }
    }
}

/// Processing flags shared by `put` and `import`.
struct ProcessingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Send the payload zlib-compressed (IsZipped): never (default), always, or auto (when it saves at least 5%). \
        Against a server other than the sandbox this needs --server-inflates-zip.
        """))
    var zip: ZipChoice = .never

    @Flag(name: .customLong("server-inflates-zip"), help: ArgumentHelp("""
        Confirm that the server inflates IsZipped uploads. SuperOffice documents IsZipped as not supported: it \
        keeps the zlib stream as the project's picture, served back as a broken image.
        """))
    var serverInflatesZip = false

    @Flag(name: .customLong("no-verify"), help: "Skip the full decode (probe only).")
    var noVerify = false

    @Flag(help: "Fail a file on any decoder warning, even one that loses no pixel (stray bytes, ancillary-chunk errors).")
    var strict = false

    @Option(help: ArgumentHelp("""
        The ImageInfo Description (in an import, for each file its manifest row leaves open; default: leave \
        the server's).
        """, valueName: "TEXT"))
    var description: String?

    @Option(help: ArgumentHelp("""
        The ImageInfo ConceptualType (as --description). With both given, and ExtraInfo set (the default), no \
        file needs the server's current ImageInfo: one request less per file.
        """, valueName: "TEXT"))
    var conceptualType: String?

    @Flag(name: .customLong("no-extra-info"), help: "Leave ExtraInfo as the server has it (default: width=…;height=…;sha256=…).")
    var noExtraInfo = false

    @Option(help: ArgumentHelp("""
        When the project already has a picture: replace it, keep it, or upload only if-different \
        (skip when its ExtraInfo has the same sha256 and size).
        """, valueName: "replace|keep|if-different"))
    var existing: ExistingChoice = .ifDifferent

    @Flag(help: ArgumentHelp("""
        Remove EXIF (GPS included), XMP, IPTC, comments and PNG text/time chunks before the upload, without \
        re-encoding (the ICC profile stays). A JPEG that is not upright is turned upright first: losslessly where \
        its MCU grid allows, else by a re-encode at --jpeg-quality (the output says which).
        """))
    var stripMetadata = false

    @Option(help: ArgumentHelp("""
        Fit larger pictures within N pixels on their long side (JPEG: DCT scaling, then Lanczos-3, at \
        --jpeg-quality; PNG: alpha kept). Resized pictures are upright and keep only their colour profile; \
        pictures that fit are turned upright, not resized. Default: sizes stay.
        """, valueName: "N"))
    var maxSide: Int?

    @Option(help: ArgumentHelp("""
        HEIC/HEIF, WebP, BMP and TIFF: auto (default) converts them to JPEG (opaque) or PNG (with alpha), upright, \
        ICC profile kept, other metadata dropped, within --max-side; the first page or frame. never refuses them. \
        GIF always goes up as it is.
        """, valueName: "auto|never"))
    var convert: ConvertChoice = .auto

    @Flag(name: .customLong("keep-tiff"), help: "Upload TIFF as it is (the server takes it; browsers mostly do not show it).")
    var keepTIFF = false

    @Option(help: ArgumentHelp("JPEG quality (1-100) of resized, converted or re-encoded pictures.", valueName: "Q"))
    var jpegQuality: Int = PictureResizer.defaultJPEGQuality

    func validate() throws {
        try Self.validatePicture(maxSide: maxSide, jpegQuality: jpegQuality)
    }

    /// The checks of `--max-side` and `--jpeg-quality`, for every command that takes them.
    static func validatePicture(maxSide: Int?, jpegQuality: Int) throws {
        if let maxSide, maxSide < 1 {
            throw ValidationError("--max-side \(maxSide) is not a size: give the long side in pixels (for example 1600)")
        }
        if !(1...100).contains(jpegQuality) {
            throw ValidationError("--jpeg-quality \(jpegQuality) is out of range: give 1 to 100 (85 is the default)")
        }
    }

    @Flag(help: "Start the in-process sandbox empty, forgetting what earlier runs sent it (only without a server).")
    var fresh = false

    @Flag(help: "Read, probe, verify and pack, but submit nothing (and write no journal).")
    var dryRun = false

    @Flag(help: "One JSON object per line on stdout (the default when stdout is not a terminal).")
    var json = false

    /// Refuses `--zip always|auto` against a real server without `--server-inflates-zip`: SuperOffice
    /// documents IsZipped as not supported, so the zlib stream would become the project's picture. The
    /// sandbox (which serves zipped uploads back as stored, as the real server does) and dry runs (which
    /// send nothing) need no acknowledgement.
    func checkZip(sandbox: Bool) throws(CLIFailure) {
        guard zip != .never, !sandbox, !dryRun, !serverInflatesZip else { return }
        throw .configuration("""
            --zip \(zip.rawValue) sends zlib streams with IsZipped, which SuperOffice documents as not supported: \
            the server keeps the stream as the project's picture and serves it back as a broken image. Pass \
            --server-inflates-zip only if this server inflates IsZipped uploads; otherwise leave --zip at never.
            """)
    }

    func apply(to options: inout IngestOptions) {
        options.zip = zip.policy
        options.verify = !noVerify
        options.verifyPolicy = strict ? .strict : .standard
        options.dryRun = dryRun
        options.existing = existing.policy
        options.stripMetadata = stripMetadata
        options.maxSide = maxSide
        options.jpegQuality = jpegQuality
        options.convert = convert == .auto
        options.keepTIFF = keepTIFF
        if noExtraInfo { options.extraInfo = .leaveAsIs }
        options.description = description
        options.conceptualType = conceptualType
    }
}

/// `--convert auto|never`.
enum ConvertChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, never
}

/// `--existing replace|keep|if-different`.
enum ExistingChoice: String, ExpressibleByArgument, CaseIterable {
    case replace, keep
    case ifDifferent = "if-different"

    var policy: ExistingImagePolicy {
        switch self {
        case .replace: .replace
        case .keep: .keep
        case .ifDifferent: .ifDifferent
        }
    }
}
