public import SuperOfficeWebAPI

/// How a sandbox serves: where, as onsite or online, whom it accepts, which projects exist, which faults.
public struct SandboxConfiguration: Sendable {
    /// Onsite accepts Basic, SOTicket, Bearer and XSRF; online refuses Basic and requires `SO-AppToken`
    /// with `SOTicket`, as SuperOffice Online does.
    public enum Mode: String, Sendable, Hashable {
        /// An onsite installation.
        case onsite
        /// An online tenant.
        case online
    }

    /// The address to bind; loopback by default.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// Onsite or online behaviour.
    public var mode: Mode
    /// The site or tenant path the API hangs off, e.g. `Cust12345` (the base URL becomes
    /// `http://127.0.0.1:PORT/Cust12345/`); empty for none.
    public var sitePath: String
    /// The credentials accepted; never empty. The first is `SandboxServer.credentials`.
    public var acceptedCredentials: [Credentials]
    /// The projects that exist; `nil` means any project id exists on demand, otherwise others are 404.
    public var knownProjects: Set<Int>?
    /// The projects the sandbox has, with their numbers, names, outside keys and custom fields; `nil` (the
    /// default) for none.
    ///
    /// With a catalogue, only its project ids exist: the image endpoints answer 404 for any other (and, with
    /// `knownProjects` as well, for ids not in both). `GET api/v1/Project` (the FindProject archive list)
    /// answers its rows, and `GET api/v1/ForeignApp/{app}/{device}/Key/{key}/project?keyValue=` finds a project
    /// by an outside key. Without one, every positive project id exists, with an empty number and name: the list
    /// answers the rows of the ids its `$filter` names (`projectId eq N`, `projectId in (…)`), and the
    /// foreign-key lookup finds nothing.
    public var projects: SandboxProjectCatalogue?
    /// The faults injected.
    public var faults: SandboxFaults
    /// The largest body accepted (larger is 413).
    public var maxUploadBytes: Int
    /// The user the sandbox records as `CreatedBy` / `UpdatedBy`.
    public var associate: Associate
    /// The first blob id handed out.
    public var firstBlobId: Int
    /// How many bytes of uploaded bitmaps the sandbox keeps; `nil` (the default) keeps every bitmap.
    ///
    /// With a budget, the sandbox keeps every project's ImageInfo (blob id, sizes, MIME type, description,
    /// dates) for good, but the bitmaps themselves only for the most recent uploads whose sizes fit in the
    /// budget (the latest upload is always kept, even when it alone is larger). An older bitmap is evicted:
    /// `GET …/Image` for it answers `410 Gone` (`ErrorType` `SandboxImageEvicted`, naming the project, the blob
    /// id and its size) rather than pretending the project has no picture, and `SandboxServer.storedImage`
    /// returns its info with `bytes` `nil`. So a long import into an embedded sandbox stays flat in memory.
    public var imageBytesBudget: Int?
    /// A SQLite file where the projects' pictures are kept between runs (created when missing), or `nil` to keep
    /// them in memory only. Bitmaps stay within `imageBytesBudget` there too; every ImageInfo is kept.
    public var dataPath: String?
    /// SuperOffice Online's login side (ticket exchange, OAuth tokens, tenant state), or `nil` for none.
    public var login: SandboxLogin?
    /// How many records `SandboxServer.requestLog()` keeps (the most recent); `nil` (the default) keeps all.
    /// Sequence numbers carry on over dropped records.
    public var requestLogLimit: Int?

    /// Makes a configuration. With no `acceptedCredentials`, one fresh random SOTicket is accepted (with a
    /// random SO-AppToken online); read it from `SandboxServer.credentials`.
    public init(
        host: String = "127.0.0.1", port: Int = 0, mode: Mode = .onsite, sitePath: String = "",
        acceptedCredentials: [Credentials]? = nil, knownProjects: Set<Int>? = nil,
        projects: SandboxProjectCatalogue? = nil, faults: SandboxFaults = .none,
        maxUploadBytes: Int = 64 * 1024 * 1024, associate: Associate = SandboxConfiguration.defaultAssociate,
        firstBlobId: Int = 1001, imageBytesBudget: Int? = nil, requestLogLimit: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.mode = mode
        self.sitePath = sitePath
        self.acceptedCredentials = acceptedCredentials ?? [Self.generatedTicket(online: mode == .online)]
        self.knownProjects = knownProjects
        self.projects = projects
        self.faults = faults
        self.maxUploadBytes = maxUploadBytes
        self.associate = associate
        self.firstBlobId = firstBlobId
        self.imageBytesBudget = imageBytesBudget
        self.requestLogLimit = requestLogLimit
    }

    /// The sandbox a tool embeds for a run with no server configured (as `image-ingest import` does): a random
    /// ticket on a free loopback port, its pictures kept in `dataPath` (nil: in memory only), only the most recent
    /// 16 MiB of uploaded bitmaps and 256 request records, so a long import's memory and the data file stay flat.
    /// Every ImageInfo is kept. Start it with `SandboxServer.start(_:logger:)`.
    public static func embedded(dataPath: String?) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(imageBytesBudget: 16 * 1024 * 1024, requestLogLimit: 256)
        configuration.dataPath = dataPath
        return configuration
    }

    /// The documented demo credential of `image-ingest-sandbox` when none is configured: `SOTicket 7T:sandbox`
    /// (with `SO-AppToken: sandbox-app` online). Public knowledge; only for a local sandbox.
    public static func demoCredentials(mode: Mode) -> Credentials {
        .soTicket("7T:sandbox", appToken: mode == .online ? "sandbox-app" : nil)
    }

    /// A fresh random SOTicket (`7T:` and 32 hex digits), with a random app token when `online`.
    public static func generatedTicket(online: Bool) -> Credentials {
        func hex() -> String {
            (0..<4).map { _ in
                let value = String(UInt32.random(in: .min ... .max), radix: 16)
                return String(repeating: "0", count: 8 - value.count) + value
            }.joined()
        }
        return .soTicket("7T:" + hex(), appToken: online ? "app-" + hex() : nil)
    }

    /// The sandbox's user: associate 5, `SAND`, an internal associate.
    public static let defaultAssociate = Associate(
        associateId: 5, name: "SAND", personId: 5, rank: 0, tooltip: "", type: "InternalAssociate", groupIdx: 2,
        fullName: "Sandbox User", formalName: "User, Sandbox", deleted: false, ejUserId: 0, userName: "sandbox",
        tableRight: TableRight(mask: "FULL", reason: ""), fieldProperties: [:])
}
