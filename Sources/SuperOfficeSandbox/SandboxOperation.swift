/// The project-image operations the sandbox serves.
public enum SandboxOperation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `PUT` or `POST api/v1/Project/{projectId}/Image`: save a bitmap.
    case uploadImage
    /// `GET api/v1/Project/{projectId}/Image`.
    case getImage
    /// `DELETE api/v1/Project/{projectId}/Image`.
    case deleteImage
    /// `GET api/v1/Project/{projectId}/Imageinfo`.
    case getImageInfo
    /// `PUT api/v1/Project/{id}/ImageInfo?projectId=`.
    case putImageInfo
    /// `POST Login/api/PartnerSystemUser/Authenticate`: a system-user ticket exchange.
    case authenticate
    /// `POST login/common/oauth/tokens`: an OAuth token request.
    case oauthToken
    /// `GET api/state/{ContextId}`: a tenant-state lookup.
    case tenantState
    /// `GET /`: the page listing the projects' pictures.
    case picturesPage
    /// `GET /_sandbox/pictures/{projectId}`: a picture for that page.
    case picture
    /// Any other request (answered 404 or 405).
    case unknown

    /// The raw value.
    public var description: String { rawValue }
}
