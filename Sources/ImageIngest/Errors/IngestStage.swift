/// One step of the ingestion pipeline, named in events, errors, the journal and the report.
///
/// The stages run in this order for every file:
/// `discover → resolve → read → probe → verify → pack → backup → upload → submit → record`
/// (`backup` only when a project's picture is about to be replaced and backups are kept).
public struct IngestStage: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The stable lower-case name of the stage (`"probe"`, `"upload"`, …); stored in the journal.
    public let name: String

    private let order: Int

    private init(_ name: String, _ order: Int) {
        self.name = name
        self.order = order
    }

    /// Finding the file and the project it belongs to (folder walk, manifest, name rules).
    public static let discover = IngestStage("discover", 0)
    /// Looking the file's project up on the server: an id, a number, a name or an outside key becomes one
    /// project (or `noSuchProject` / `ambiguousProject`), once a run, before any file is read.
    public static let resolve = IngestStage("resolve", 1)
    /// Reading the file's bytes into memory, within the size limit.
    public static let read = IngestStage("read", 2)
    /// Learning the real type and pixel size from the header.
    public static let probe = IngestStage("probe", 3)
    /// Decoding every scanline to prove the whole image is intact.
    public static let verify = IngestStage("verify", 4)
    /// Choosing the payload (zlib or as is), computing the sizes and the SHA-256.
    public static let pack = IngestStage("pack", 5)
    /// Keeping the project's current picture (its bitmap and ImageInfo) before it is replaced, so `undo` can put
    /// it back: read from the server, written to the backups folder and fsynced, named in the journal.
    public static let backup = IngestStage("backup", 6)
    /// Uploading the bitmap (`PUT Project/{id}/Image`).
    public static let upload = IngestStage("upload", 7)
    /// Submitting the project's ImageInfo (`PUT Project/{id}/ImageInfo`).
    public static let submit = IngestStage("submit", 8)
    /// Writing the outcome to the journal, after checking the file did not change meanwhile.
    public static let record = IngestStage("record", 9)

    /// Every stage, in pipeline order.
    public static let allStages: [IngestStage] = [.discover, .resolve, .read, .probe, .verify, .pack, .backup, .upload, .submit,
                                                  .record]

    /// The stage with this stable name, or nil.
    public init?(name: String) {
        guard let stage = Self.allStages.first(where: { $0.name == name }) else { return nil }
        self = stage
    }

    public var description: String { name }

    /// Pipeline order: `.probe < .upload`.
    public static func < (lhs: IngestStage, rhs: IngestStage) -> Bool { lhs.order < rhs.order }

    /// Stages are equal when their names are.
    public static func == (lhs: IngestStage, rhs: IngestStage) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Decodes a stage from its name.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let stage = IngestStage(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown stage \(name)"))
        }
        self = stage
    }

    /// Encodes the stage as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
