import HTTPTypes
import Hummingbird
import NIOCore
import SuperOfficeWebAPI

/// An error answer with the WebAPI's JSON error body (`Error`, `ErrorType`, `ErrorMessage`, `ErrorSource`),
/// thrown by the middleware and the handlers; the router turns it into the response.
struct WebAPIErrorResponse: HTTPResponseError {
    let status: HTTPResponse.Status
    let type: String
    let message: String
    let headers: HTTPFields

    init(_ status: Int, type: String, message: String, headers: HTTPFields = [:]) {
        self.status = .init(code: status)
        self.type = type
        self.message = message
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(status, SandboxWireFormat.json(WebAPIErrorBody(
            error: true, errorType: type, errorMessage: message, errorSource: "SuperOffice.WebApi (sandbox)")))
        response.headers.append(contentsOf: headers)
        return response
    }
}
