public import ImageCodecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the ImageInfo's ExtraInfo field gets.
public enum ExtraInfoPolicy: Hashable, Sendable {
    /// `width=…;height=…;sha256=…` (the stored pixel size and the SHA-256 of the original bytes). The default.
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
    /// How many files are worked on at once (and at most held in memory). Default: twice the number of
    /// cores, so that while some files wait on the network (upload, ImageInfo) others keep every core
    /// decoding; CPU work itself never runs more than this many jobs at once.
    public var concurrency: Int = IngestOptions.defaultConcurrency
    /// Do everything up to the network (read, probe, verify, pack) and submit nothing; the journal is not written.
    public var dryRun: Bool = false

    /// Options with the defaults.
    public init() {}

    /// Twice the number of online processor cores (at least 2): a file in an upload or an ImageInfo round
    /// trip holds no core, and one per core left the cores idle half the time (measured on 2 cores against
    /// the sandbox on loopback).
    public static var defaultConcurrency: Int {
        2 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
