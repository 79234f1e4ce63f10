/// What one authenticated read says about a configuration before a big run (``SuperOfficeClient/checkReadiness(projectId:logger:)``,
/// what `image-ingest check` prints): whether the credential was accepted, whether the server throttles, and how long
/// the round trip took.
public struct ReadinessCheck: Sendable {
    /// The read, e.g. `GET api/v1/Project/1/Imageinfo`.
    public var operation: String
    /// How long the answer took.
    public var roundTrip: Duration
    /// The read's failure; nil when the project's ImageInfo came back (200).
    public var failure: WebAPIError?

    /// Makes a check's result.
    public init(operation: String, roundTrip: Duration, failure: WebAPIError?) {
        self.operation = operation
        self.roundTrip = roundTrip
        self.failure = failure
    }

    /// Whether the credential was accepted: a 200, or a 404 (no such project, which still proves it).
    public var credentialAccepted: Bool { failure == nil || failure?.code == .notFound }

    /// Whether the server throttled the read (HTTP 429); the credential is then not proved either way.
    public var throttled: Bool { failure?.code == .rateLimited }
}
