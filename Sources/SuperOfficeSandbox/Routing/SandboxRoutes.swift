import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// The sandbox's endpoints: each operation's method and path under the site path, and which operation a
/// request the router took is.
struct SandboxRoutes: Sendable {
    /// A WebAPI resource and the methods it serves: a project's image and its description, the project list,
    /// the foreign-key lookup and a project's foreign keys.
    enum Resource: Sendable, CaseIterable {
        case image, imageInfo, projectList, foreignKey, projectForeignKeys

        /// Its path below the site path; `id` is the project id.
        var path: RouterPath {
            switch self {
            case .image: "api/v1/Project/:id/Image"
            case .imageInfo: "api/v1/Project/:id/ImageInfo"
            case .projectList: "api/v1/Project"
            case .foreignKey: "api/v1/ForeignApp/:application/:device/Key/:keyName/:tableName"
            case .projectForeignKeys: "api/v1/Project/:id/ForeignKey"
            }
        }

        /// The operation of each method it serves, in the order of its `Allow` header.
        var operations: KeyValuePairs<HTTPRequest.Method, SandboxOperation> {
            switch self {
            case .image: [.get: .getImage, .put: .uploadImage, .post: .uploadImage, .delete: .deleteImage]
            case .imageInfo: [.get: .getImageInfo, .put: .putImageInfo]
            case .projectList: [.get: .listProjects]
            case .foreignKey: [.get: .getForeignKey]
            case .projectForeignKeys: [.get: .getProjectForeignKeys]
            }
        }

        /// The `Allow` header of a 405 answer, e.g. `GET, PUT`.
        var allow: String { operations.map(\.key.rawValue).joined(separator: ", ") }
    }

    /// The login side's endpoints, at the server's root whatever the site path (SuperOffice serves them on the
    /// environment's un-numbered host).
    enum LoginEndpoint: Sendable, CaseIterable {
        case authenticate, oauthToken, tenantState

        var path: RouterPath {
            switch self {
            case .authenticate: "Login/api/PartnerSystemUser/Authenticate"
            case .oauthToken: "login/common/oauth/tokens"
            case .tenantState: "api/state/:contextId"
            }
        }

        var method: HTTPRequest.Method {
            switch self {
            case .authenticate, .oauthToken: .post
            case .tenantState: .get
            }
        }

        var operation: SandboxOperation {
            switch self {
            case .authenticate: .authenticate
            case .oauthToken: .oauthToken
            case .tenantState: .tenantState
            }
        }
    }

    /// The path parameter that holds the project id.
    static let projectIdParameter = "id"

    private let sitePath: RouterPath
    /// The site path as configured, without slashes at the ends.
    let sitePathText: String
    /// The operation of each endpoint, by method and endpoint path (as the case-insensitive router names it).
    private let operations: [String: SandboxOperation]

    /// The routes under `sitePath` (e.g. `Cust12345`, or empty).
    init(sitePath: String) {
        self.sitePath = RouterPath(sitePath)
        self.sitePathText = sitePath.split(separator: "/").joined(separator: "/")
        var operations: [String: SandboxOperation] = [:]
        for resource in Resource.allCases {
            let endpoint = self.sitePath.appendingPath(resource.path).lowercased().description
            for (method, operation) in resource.operations { operations[Self.key(method, endpoint)] = operation }
        }
        operations[Self.key(.get, RouterPath("").description.lowercased())] = .picturesPage
        operations[Self.key(.get, RouterPath("").appendingPath("_sandbox/pictures/:projectId").lowercased().description)] = .picture
        for endpoint in LoginEndpoint.allCases {
            operations[Self.key(endpoint.method, RouterPath("").appendingPath(endpoint.path).lowercased().description)] = endpoint.operation
        }
        self.operations = operations
    }

    /// The full path of a resource.
    func path(_ resource: Resource) -> RouterPath { sitePath.appendingPath(resource.path) }

    /// The operation of a request: the router's endpoint path (`nil` when no route took it) and its method.
    func operation(endpointPath: String?, method: HTTPRequest.Method) -> SandboxOperation {
        guard let endpointPath else { return .unknown }
        return operations[Self.key(method, endpointPath)] ?? .unknown
    }

    /// Whether an operation needs no credentials: the login side, and the pictures page with its pictures.
    static func isPublic(_ operation: SandboxOperation) -> Bool {
        [.authenticate, .oauthToken, .tenantState, .picturesPage, .picture].contains(operation)
    }

    /// The project id in the path, when it is a positive 32-bit integer.
    static func projectId(_ context: some RequestContext) -> Int? {
        guard let value = context.parameters.get(projectIdParameter).flatMap({ Int($0) }), ProjectIdentifier.isValid(value)
        else { return nil }
        return value
    }

    private static func key(_ method: HTTPRequest.Method, _ endpointPath: String) -> String {
        method.rawValue + " " + endpointPath
    }
}
