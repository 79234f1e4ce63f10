import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Counts each request, adds the configured latency and injects the fault drawn for it (`SandboxFaults`), before
/// the request is routed further: an error answer, a redirect, an answer held until shutdown, or a connection
/// dropped mid-answer.
struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let state: SandboxState
    let log: SandboxRequestLog

    /// Thrown inside a response body to drop the connection mid-response.
    private struct DroppedConnection: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let admission = await state.admit(operation: context.logEntry.operation)
        context.logEntry.update { $0.sequence = admission.sequence }
        if admission.latency > .zero {
            try? await Task.sleep(for: admission.latency)
        }
        guard let fault = admission.fault else { return try await next(request, context) }
        context.logEntry.update { $0.fault = fault }
        switch fault {
        case .status(let status):
            throw WebAPIErrorResponse(status, type: "SandboxInjectedFault", message: "Injected fault: HTTP \(status)")
        case .rateLimited(let seconds):
            throw WebAPIErrorResponse(
                429, type: "TooManyRequests", message: "Too many requests; retry later", headers: [.retryAfter: String(seconds)])
        case .redirect(let location):
            return Response(status: .temporaryRedirect, headers: [.location: location])
        case .expiredCredentials:
            throw WebAPIErrorResponse(401, type: "SoSessionExpiredException", message: "The ticket has expired; sign in again")
        case .neverAnswer:
            await log.write(context.logEntry, status: nil, message: "sandbox request held (never answer)")
            await state.holdUntilShutdown()
            throw WebAPIErrorResponse(503, type: "SandboxShuttingDown", message: "The sandbox is shutting down")
        case .dropConnection:
            if await state.dropAppliesOperation {
                _ = try? await next(request, context)
            }
            await log.write(context.logEntry, status: nil, message: "sandbox request dropped")
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(contentLength: 512) { writer in
                    try await writer.write(ByteBuffer(string: "{\"BlobId\":"))
                    throw DroppedConnection()
                })
        }
    }
}
