/// The operations the sandbox serves: the project-image endpoints, the project list, the foreign-key lookup and
/// a project's foreign keys, the login side, and the pictures page.
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
    /// `GET api/v1/Project`: the OData list of the FindProject archive (`$select`, `$filter`, `$orderBy`, `$top`,
    /// `$skip`, `$mode`).
    case listProjects
    /// `GET api/v1/ForeignApp/{application}/{device}/Key/{keyName}/{tableName}?keyValue=`: the record an
    /// outside key names.
    case getForeignKey
    /// `GET api/v1/Project/{id}/ForeignKey`: the project's outside keys.
    case getProjectForeignKeys
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
