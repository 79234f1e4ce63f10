import Hummingbird

/// The request context of the sandbox's router: Hummingbird's core context and the request's entry in the
/// request log, which the middleware and the handler fill in as the request passes them.
struct SandboxRequestContext: RequestContext {
    /// Hummingbird's own per-request values (logger, endpoint path, path parameters).
    var coreContext: CoreRequestContextStorage
    /// This request's record in the making.
    let logEntry: RequestLogEntry

    /// Makes the context of a request the server just read.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        logEntry = RequestLogEntry()
    }
}
