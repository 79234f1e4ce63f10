/// The JSON body the WebAPI answers an error with:
/// `{"Error": true, "ErrorType": "SoNotFoundException", "ErrorMessage": "…", "ErrorSource": "…"}`.
public struct WebAPIErrorBody: Codable, Sendable, Hashable {
    /// Always true in an error body.
    public var error: Bool?
    /// The server-side exception type, e.g. `SoNotFoundException`.
    public var errorType: String?
    /// The human-readable message.
    public var errorMessage: String?
    /// Where the error arose, e.g. `SuperOffice.Services.Implementation`.
    public var errorSource: String?

    /// Makes an error body.
    public init(error: Bool? = true, errorType: String? = nil, errorMessage: String? = nil, errorSource: String? = nil) {
        self.error = error
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.errorSource = errorSource
    }

    enum CodingKeys: String, CodingKey {
        case error = "Error"
        case errorType = "ErrorType"
        case errorMessage = "ErrorMessage"
        case errorSource = "ErrorSource"
    }
}
