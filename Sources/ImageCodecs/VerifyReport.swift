/// The result of a full decode that succeeded.
public struct VerifyReport: Sendable, Hashable {
    /// The header that was decoded.
    public var header: ImageHeader
    /// Warnings that lost no pixel (e.g. "extraneous bytes before marker"), in order.
    public var notes: [String]

    /// Creates a report.
    /// - Parameters:
    ///   - header: The header.
    ///   - notes: Non-fatal warnings.
    public init(header: ImageHeader, notes: [String] = []) {
        self.header = header
        self.notes = notes
    }
}
