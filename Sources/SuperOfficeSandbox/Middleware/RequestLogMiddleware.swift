import HTTPTypes
import Hummingbird

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Logs every request, routed or not: begins its record (what was asked, by which credential scheme, never
/// the secret) and writes it with the status answered once the rest of the chain has answered.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let routes: SandboxRoutes
    let log: SandboxRequestLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logEntry.begin(SandboxRequestRecord(
            sequence: 0, method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            headers: Self.nonSecretHeaders(of: request),
            operation: routes.operation(endpointPath: context.endpointPath, method: request.method),
            projectId: SandboxRoutes.projectId(context), status: nil, fault: nil, applied: false, blobId: nil,
            receivedAt: .now, receivedDate: Date(), credentialScheme: Self.scheme(of: request)))
        await log.state.requestBegan()
        do {
            let response = try await next(request, context)
            await log.write(context.logEntry, status: Int(response.status.code))
            await log.state.requestEnded()
            return response
        } catch let error as any HTTPResponseError {
            await log.write(context.logEntry, status: Int(error.status.code))
            await log.state.requestEnded()
            throw error
        } catch {
            await log.write(context.logEntry, status: 500)
            await log.state.requestEnded()
            throw error
        }
    }

    /// Names (canonical, lower case) of the headers that carry secrets, never logged.
    static let secretHeaders: Set<String> = ["authorization", "so-apptoken", "x-xsrf-token", "cookie", "proxy-authorization"]

    /// The headers of a request without the ones that carry secrets.
    static func nonSecretHeaders(of request: Request) -> [String: String] {
        var headers = [String: String]()
        for field in request.headers where !secretHeaders.contains(field.name.canonicalName) {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        return headers
    }

    /// The credential scheme a request presents (never its value).
    static func scheme(of request: Request) -> String? {
        if let authorization = request.headers[.authorization], let scheme = authorization.split(separator: " ").first {
            switch scheme.lowercased() {
            case "basic": return "Basic"
            case "soticket": return "SOTicket"
            case "bearer": return "Bearer"
            default: return String(scheme.prefix(16))
            }
        }
        return request.headers[AuthenticationMiddleware.xsrfHeader] == nil ? nil : "XSRF"
    }
}
