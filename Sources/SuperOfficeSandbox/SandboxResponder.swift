import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Thrown inside a response body to drop the connection mid-response.
private struct DroppedConnection: Error {}

/// The sandbox's HTTP handler: matches routes case-insensitively, injects faults, authenticates, carries out
/// the operation and logs the outcome.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: SandboxState
    let configuration: SandboxConfiguration
    let authenticator: SandboxAuthenticator
    let imageInfoAnswers: ImageInfoAnswerEncoder
    let logger: Logger

    init(state: SandboxState, configuration: SandboxConfiguration, logger: Logger) {
        self.state = state
        self.configuration = configuration
        self.authenticator = SandboxAuthenticator(accepted: configuration.acceptedCredentials, mode: configuration.mode)
        self.imageInfoAnswers = ImageInfoAnswerEncoder(associate: configuration.associate)
        self.logger = logger
    }

    /// What carrying out a request gave.
    private struct Outcome {
        var response: Response
        var status: Int
        var applied = false
        var blobId: Int?
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let receivedAt = ContinuousClock.now
        let receivedDate = Date()
        let path = request.uri.path
        let route = SandboxRoute.match(path: path, sitePath: configuration.sitePath)
        let operation = Self.operation(of: route, method: request.method)
        var record = SandboxRequestRecord(
            sequence: 0, method: request.method.rawValue, path: path, query: request.uri.query,
            headers: Self.nonSecretHeaders(of: request), operation: operation,
            projectId: route?.projectId, status: nil, fault: nil, applied: false, blobId: nil,
            receivedAt: receivedAt, receivedDate: receivedDate,
            credentialScheme: Self.scheme(of: request))

        let admission = await state.admit(operation: operation)
        record.sequence = admission.sequence
        if admission.latency > .zero {
            try? await Task.sleep(for: admission.latency)
        }

        if let fault = admission.fault {
            record.fault = fault
            switch fault {
            case .status(let status):
                return await finish(record, status: status, response: Self.error(
                    status, type: "SandboxInjectedFault", message: "Injected fault: HTTP \(status)"))
            case .rateLimited(let seconds):
                var response = Self.error(429, type: "TooManyRequests", message: "Too many requests; retry later")
                response.headers[.retryAfter] = String(seconds)
                return await finish(record, status: 429, response: response)
            case .redirect(let location):
                var response = Response(status: .temporaryRedirect)
                response.headers[.location] = location
                return await finish(record, status: 307, response: response)
            case .expiredCredentials:
                return await finish(record, status: 401, response: Self.error(
                    401, type: "SoSessionExpiredException", message: "The ticket has expired; sign in again"))
            case .neverAnswer:
                await state.record(record)
                logger.debug("sandbox request held (never answer)", metadata: Self.metadata(record))
                await state.holdUntilShutdown()
                return Self.error(503, type: "SandboxShuttingDown", message: "The sandbox is shutting down")
            case .dropConnection:
                if await state.dropAppliesOperation {
                    var mutableRequest = request
                    let outcome = await carryOut(&mutableRequest, route: route, operation: operation)
                    record.applied = outcome.applied
                    record.blobId = outcome.blobId
                }
                await state.record(record)
                logger.debug("sandbox request dropped", metadata: Self.metadata(record))
                var headers = HTTPFields()
                headers[.contentType] = "application/json; charset=utf-8"
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody(contentLength: 512) { writer in
                        try await writer.write(ByteBuffer(string: "{\"BlobId\":"))
                        throw DroppedConnection()
                    })
            }
        }

        var mutableRequest = request
        let outcome = await carryOut(&mutableRequest, route: route, operation: operation)
        record.applied = outcome.applied
        record.blobId = outcome.blobId
        return await finish(record, status: outcome.status, response: outcome.response)
    }

    private func finish(_ record: SandboxRequestRecord, status: Int, response: Response) async -> Response {
        var record = record
        record.status = status
        await state.record(record)
        logger.debug("sandbox request", metadata: Self.metadata(record))
        return response
    }

    // MARK: Operations

    private func carryOut(_ request: inout Request, route: SandboxRoute?, operation: SandboxOperation) async -> Outcome {
        guard let route else {
            return Outcome(response: Self.error(404, type: "NotFound", message: "No HTTP resource was found that matches the request URI"), status: 404)
        }
        switch authenticator.authenticate(
            authorization: request.headers[.authorization],
            appToken: request.headers[Self.appTokenHeader],
            xsrfToken: request.headers[Self.xsrfHeader])
        {
        case .failure(let refusal):
            var response = Self.error(401, type: "UnauthorizedAccessException", message: refusal.message)
            response.headers[.wwwAuthenticate] = configuration.mode == .online ? "SOTicket, Bearer" : "Basic, SOTicket, Bearer"
            return Outcome(response: response, status: 401)
        case .success:
            break
        }
        let includeOffset = request.headers[Self.timeZoneHeader]?.lowercased().contains("includetzoffset") ?? false

        switch operation {
        case .unknown:
            var response = Self.error(405, type: "MethodNotAllowed", message: "The requested resource does not support http method '\(request.method.rawValue)'")
            response.headers[.allow] = route.resource == .image ? "GET, PUT, POST, DELETE" : "GET, PUT"
            return Outcome(response: response, status: 405)
        case .getImage:
            let query = QueryParameters(request.uri.query)
            for name in ["w", "h"] {
                if let value = query[name], !value.isEmpty, Int32(value) == nil {
                    return Outcome(response: Self.error(400, type: "BadRequest", message: "The request is invalid: '\(name)' must be a 32-bit integer."), status: 400)
                }
            }
            let blankOptions = ["default", "clearpixel", "srnophoto", "srnophotowithborder", "null", "genericfileicon"]
            if let value = query["ifBlank"], !value.isEmpty, !blankOptions.contains(value.lowercased()) {
                return Outcome(response: Self.error(400, type: "BadRequest", message: "The request is invalid: 'ifBlank' must be one of Default, ClearPixel, SrNoPhoto, SrNoPhotoWithBorder, Null, GenericFileIcon."), status: 400)
            }
            guard let projectId = try? knownProject(route.projectId) else { return notFound(route) }
            let image = await state.image(projectId: projectId)
            if let image, let bytes = image.bytes {
                var headers = HTTPFields()
                headers[.contentType] = image.mimeType.isEmpty ? "application/octet-stream" : image.mimeType
                return Outcome(response: Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes))), status: 200, applied: true)
            }
            if let image, image.evicted {
                // the bitmap was dropped to stay within SandboxConfiguration.imageBytesBudget
                return Outcome(response: Self.error(410, type: "SandboxImageEvicted", message: "The sandbox no longer keeps the bitmap of project \(projectId) (blob \(image.blobId), \(image.blobSize) bytes): only the most recent uploads within its image byte budget are kept"), status: 410)
            }
            let ifBlank = query["ifBlank"]?.lowercased()
            if let ifBlank, !ifBlank.isEmpty, ifBlank != "null" {
                var headers = HTTPFields()
                headers[.contentType] = "image/png"
                return Outcome(response: Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: SandboxWireFormat.clearPixelPNG))), status: 200, applied: true)
            }
            return Outcome(response: Self.error(404, type: "SoNotFoundException", message: "Project \(projectId) has no image"), status: 404)
        case .deleteImage:
            guard let projectId = try? knownProject(route.projectId) else { return notFound(route) }
            await state.deleteImage(projectId: projectId)
            return Outcome(response: Response(status: .noContent), status: 204, applied: true)
        case .getImageInfo:
            guard let projectId = try? knownProject(route.projectId) else { return notFound(route) }
            let answer = imageInfoAnswers.json(await state.image(projectId: projectId), includeOffset: includeOffset)
            return Outcome(response: Self.json(200, answer), status: 200, applied: true)
        case .uploadImage:
            return await upload(&request, route: route)
        case .putImageInfo:
            return await putImageInfo(&request, route: route, includeOffset: includeOffset)
        }
    }

    private func upload(_ request: inout Request, route: SandboxRoute) async -> Outcome {
        guard let projectId = try? knownProject(route.projectId) else { return notFound(route) }
        let body: [UInt8]
        do {
            body = try await collect(&request)
        } catch {
            return Outcome(response: Self.error(413, type: "RequestEntityTooLarge", message: "The image is larger than \(configuration.maxUploadBytes) bytes"), status: 413)
        }
        guard !body.isEmpty else {
            return Outcome(response: Self.error(400, type: "BadRequest", message: "Image bitmap is missing from body."), status: 400)
        }
        var bytes = body
        var mediaType = MediaType(request.headers[.contentType])
        if let multipart = mediaType, multipart.essence == "multipart/form-data" {
            guard let boundary = multipart.parameters["boundary"], let file = MultipartFile.first(in: body, boundary: boundary) else {
                return Outcome(response: Self.error(400, type: "BadRequest", message: "Image bitmap is missing from body."), status: 400)
            }
            bytes = file.bytes
            // A form part may come without a type (or as octet-stream): then its first bytes decide.
            let partType = MediaType(file.contentType)
            mediaType = partType == nil || partType?.essence == "application/octet-stream" ? MediaType.sniffImage(bytes) : partType
            guard !bytes.isEmpty else {
                return Outcome(response: Self.error(400, type: "BadRequest", message: "Image bitmap is missing from body."), status: 400)
            }
        }
        guard let mediaType, MediaType.uploadImageTypes.contains(mediaType.essence) else {
            return Outcome(response: Self.error(415, type: "UnsupportedMediaType", message: "The request entity's media type '\(request.headers[.contentType] ?? "")' is not supported for this resource; send image/png, image/jpeg, image/gif or image/tiff"), status: 415)
        }
        let blobId = await state.saveImage(projectId: projectId, bytes: bytes, mimeType: mediaType.essence, now: Date())
        return Outcome(response: Self.json(200, Array(String(blobId).utf8)), status: 200, applied: true, blobId: blobId)
    }

    private func putImageInfo(_ request: inout Request, route: SandboxRoute, includeOffset: Bool) async -> Outcome {
        let missing = Outcome(response: Self.error(400, type: "BadRequest", message: "Entity to save is not in request body."), status: 400)
        let body: [UInt8]
        do {
            body = try await collect(&request)
        } catch {
            return Outcome(response: Self.error(413, type: "RequestEntityTooLarge", message: "The body is too large"), status: 413)
        }
        guard !body.isEmpty else { return missing }
        guard let queryText = QueryParameters(request.uri.query)["projectId"] else {
            return Outcome(response: Self.error(400, type: "BadRequest", message: "The request is invalid: the projectId query parameter is required."), status: 400)
        }
        guard let queryId = Int(queryText), let pathId = route.projectId, queryId == pathId else {
            return Outcome(response: Self.error(400, type: "BadRequest", message: "The request is invalid: the id in the path ('\(route.idSegment)') and the projectId query parameter ('\(queryText)') must be the same project id."), status: 400)
        }
        guard let projectId = try? knownProject(pathId) else { return notFound(route) }
        guard let mediaType = MediaType(request.headers[.contentType]), MediaType.jsonTypes.contains(mediaType.essence) else {
            return Outcome(response: Self.error(415, type: "UnsupportedMediaType", message: "The request entity's media type '\(request.headers[.contentType] ?? "")' is not supported for this resource; send application/json"), status: 415)
        }
        guard let entity = try? JSONDecoder().decode(BlobEntity.self, from: Data(body)) else { return missing }
        let current = await state.image(projectId: projectId)
        if let blobId = entity.blobId, blobId != 0, let current, current.hasImage, current.blobId != blobId {
            return Outcome(response: Self.error(400, type: "BadRequest", message: "BlobId \(blobId) is not the image of project \(projectId) (it is \(current.blobId))."), status: 400)
        }
        let now = Date()
        let stored = await state.updateInfo(projectId: projectId) { image in
            if let value = entity.blobId, image.blobId == 0 { image.blobId = value }
            if let value = entity.blobSize { image.blobSize = value }
            if let value = entity.description { image.description = value }
            if let value = entity.extraInfo { image.extraInfo = value }
            if let value = entity.isEncrypted { image.isEncrypted = value }
            if let value = entity.isZipped { image.isZipped = value }
            if let value = entity.mimeType { image.mimeType = value }
            if let value = entity.originalSize { image.originalSize = value }
            if let value = entity.conceptualType { image.conceptualType = value }
            if image.created == nil { image.created = now }
            image.updated = now
        }
        let answer = imageInfoAnswers.json(stored, includeOffset: includeOffset)
        return Outcome(response: Self.json(200, answer), status: 200, applied: true, blobId: stored.blobId)
    }

    // MARK: Helpers

    private struct UnknownProject: Error {}

    private func knownProject(_ projectId: Int?) throws(UnknownProject) -> Int {
        guard let projectId else { throw UnknownProject() }
        if let known = configuration.knownProjects, !known.contains(projectId) { throw UnknownProject() }
        return projectId
    }

    private func notFound(_ route: SandboxRoute) -> Outcome {
        Outcome(response: Self.error(404, type: "SoNotFoundException", message: "Project id \(route.idSegment) not found"), status: 404)
    }

    private func collect(_ request: inout Request) async throws -> [UInt8] {
        var buffer = try await request.collectBody(upTo: configuration.maxUploadBytes)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    static func operation(of route: SandboxRoute?, method: HTTPRequest.Method) -> SandboxOperation {
        guard let route else { return .unknown }
        switch (route.resource, method) {
        case (.image, .get): return .getImage
        case (.image, .put), (.image, .post): return .uploadImage
        case (.image, .delete): return .deleteImage
        case (.imageInfo, .get): return .getImageInfo
        case (.imageInfo, .put): return .putImageInfo
        default: return .unknown
        }
    }

    static let appTokenHeader = HTTPField.Name("SO-AppToken")!
    static let xsrfHeader = HTTPField.Name("X-XSRF-TOKEN")!
    static let timeZoneHeader = HTTPField.Name("SO-TimeZone")!

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
        return request.headers[xsrfHeader] == nil ? nil : "XSRF"
    }

    static func json(_ status: Int, _ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ status: Int, type: String, message: String) -> Response {
        json(status, SandboxWireFormat.json(WebAPIErrorBody(
            error: true, errorType: type, errorMessage: message, errorSource: "SuperOffice.WebApi (sandbox)")))
    }

    static func metadata(_ record: SandboxRequestRecord) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "seq": "\(record.sequence)", "method": "\(record.method)", "path": "\(record.path)",
            "operation": "\(record.operation)", "status": "\(record.status.map(String.init) ?? "-")",
        ]
        if let fault = record.fault { metadata["fault"] = "\(fault)" }
        if let blobId = record.blobId { metadata["blobId"] = "\(blobId)" }
        return metadata
    }
}
