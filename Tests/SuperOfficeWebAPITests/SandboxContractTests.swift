import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The sandbox's HTTP contract, checked with raw requests where the client would not send them.
@Suite struct SandboxContractTests {
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorBody: WebAPIErrorBody? { try? JSONDecoder().decode(WebAPIErrorBody.self, from: Data(body)) }
    }

    static func raw(
        _ sandbox: SandboxServer, _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil,
        authorize: Bool = true, headers: [(name: String, value: String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: sandbox.baseURL + path)
        request.method = method
        if authorize {
            for field in sandbox.credentials.headerFields { request.headers.add(name: field.name, value: field.value) }
        }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        var buffer = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    @Test(arguments: ["api/v1/Project/5/Imageinfo", "api/v1/project/5/imageinfo", "API/V1/PROJECT/5/IMAGEINFO", "api/v1/Project/5/ImageInfo/"])
    func pathsMatchCaseInsensitively(_ path: String) async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let answer = try await Self.raw(sandbox, .GET, path)
            #expect(answer.status == 200)
            #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
        }
    }

    @Test func theUploadAnswersABareBlobId() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let answer = try await Self.raw(sandbox, .PUT, "api/v1/project/9/IMAGE", body: jpegLikeBytes, contentType: "image/jpeg")
            #expect(answer.status == 200)
            #expect(answer.text == "1001")
            let post = try await Self.raw(sandbox, .POST, "api/v1/Project/9/Image", body: jpegLikeBytes, contentType: "image/png")
            #expect(post.text == "1002")
            #expect(await sandbox.storedImage(projectId: 9)?.info.mimeType == "image/png")
        }
    }

    /// The ImageInfo answer splices pre-encoded constant parts into each answer: it must still be one JSON
    /// object with every BlobEntity field, naming nobody before an upload and the sandbox's user after.
    @Test(arguments: [false, true])
    func theImageInfoAnswerIsOneCompleteObject(includeOffset: Bool) async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            func imageInfo() async throws -> (keys: [String], entity: BlobEntity) {
                let answer = try await Self.raw(sandbox, .GET, "api/v1/Project/12/ImageInfo",
                                                headers: includeOffset ? [("SO-TimeZone", "UTC, includeTZOffset")] : [])
                return (Self.topLevelKeys(answer.body).sorted(), try JSONDecoder().decode(BlobEntity.self, from: Data(answer.body)))
            }
            let allKeys = ["BlobId", "BlobSize", "ConceptualType", "CreatedBy", "CreatedDate", "Description", "ExtraInfo",
                           "FieldProperties", "IsEncrypted", "IsZipped", "MimeType", "OriginalSize", "TableRight",
                           "UpdatedBy", "UpdatedDate"]
            let empty = try await imageInfo()
            #expect(empty.keys == allKeys)
            #expect(empty.entity.blobId == 0 && empty.entity.createdBy?.associateId == 0 && empty.entity.updatedBy?.associateId == 0)
            #expect(empty.entity.fieldProperties?.count == 13 && empty.entity.tableRight?.mask == "FULL")

            let upload = try await Self.raw(sandbox, .PUT, "api/v1/Project/12/Image", body: jpegLikeBytes, contentType: "image/jpeg")
            #expect(upload.status == 200)
            let stored = try await imageInfo()
            #expect(stored.keys == allKeys)
            #expect(stored.entity.blobId == Int(upload.text))
            #expect(stored.entity.createdBy == SandboxConfiguration.defaultAssociate)
            #expect(stored.entity.updatedBy == SandboxConfiguration.defaultAssociate)
            #expect(stored.entity.mimeType == "image/jpeg" && stored.entity.originalSize == jpegLikeBytes.count)
            #expect(stored.entity.fieldProperties?["BlobId"]?.fieldRight?.mask == "Read")
            #expect(stored.entity.updatedDate?.text.hasSuffix("+00:00") == includeOffset)
        }
    }

    /// The keys of a JSON object's own members, in order and with repeats (a parser keeps only one of a
    /// repeated key, so it cannot show one).
    static func topLevelKeys(_ json: [UInt8]) -> [String] {
        var keys: [String] = []
        var depth = 0
        var index = 0
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < json.count, json[end] != UInt8(ascii: "\"") { end += json[end] == UInt8(ascii: "\\") ? 2 : 1 }
                var next = end + 1
                while next < json.count, json[next] == UInt8(ascii: " ") { next += 1 }
                if depth == 1, next < json.count, json[next] == UInt8(ascii: ":") {
                    keys.append(String(decoding: json[(index + 1) ..< end], as: UTF8.self))
                }
                index = end
            default: break
            }
            index += 1
        }
        return keys
    }

    @Test func aMultipartUploadIsAccepted() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let boundary = "----sandbox-boundary"
            var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += jpegLikeBytes
            body += Array("\r\n--\(boundary)--\r\n".utf8)
            let answer = try await Self.raw(sandbox, .POST, "api/v1/Project/4/Image", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(answer.status == 200)
            let stored = await sandbox.storedImage(projectId: 4)
            #expect(stored?.bytes == jpegLikeBytes)
            #expect(stored?.info.mimeType == "image/png")

            // A part with no type: its first bytes decide.
            var untyped = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\n".utf8)
            untyped += jpegLikeBytes + Array("\r\n--\(boundary)--\r\n".utf8)
            let sniffed = try await Self.raw(sandbox, .PUT, "api/v1/Project/4/Image", body: untyped, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(sniffed.status == 200)
            #expect(await sandbox.storedImage(projectId: 4)?.info.mimeType == "image/jpeg")
        }
    }

    @Test func missingBodiesAre400WithTheOfficialMessages() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let info = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo?projectId=5", contentType: "application/json")
            #expect(info.status == 400)
            #expect(info.errorBody?.errorMessage == "Entity to save is not in request body.")
            #expect(info.errorBody?.error == true)
            let image = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/Image", contentType: "image/jpeg")
            #expect(image.status == 400)
            #expect(image.errorBody?.errorMessage == "Image bitmap is missing from body.")
        }
    }

    @Test func theClientReports400WithTheServersMessage() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let error = await webAPIError { try await client.uploadProjectImage(projectId: 5, bytes: [], contentType: "image/jpeg", logger: quietLogger) }
            #expect(error?.code == .badRequest)
            #expect(error?.errorMessage == "Image bitmap is missing from body.")
            #expect(error?.description.contains("Image bitmap is missing from body.") == true)
            #expect(error?.attempts == 1)
            #expect((await sandbox.requestLog()).count == 1)
        }
    }

    @Test func anIdMismatchOrMissingQueryIs400() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let body = Array("{\"Description\":\"x\"}".utf8)
            let mismatch = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo?projectId=6", body: body, contentType: "application/json")
            #expect(mismatch.status == 400)
            #expect(mismatch.errorBody?.errorMessage?.contains("must be the same") == true)
            let noQuery = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo", body: body, contentType: "application/json")
            #expect(noQuery.status == 400)
            let notJSON = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo?PROJECTID=5", body: Array("{oops".utf8), contentType: "application/json")
            #expect(notJSON.status == 400)
            #expect(notJSON.errorBody?.errorMessage == "Entity to save is not in request body.")
            let fine = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo?projectid=5", body: body, contentType: "text/json")
            #expect(fine.status == 200)
            #expect(await sandbox.storedImage(projectId: 5)?.info.description == "x")
        }
    }

    @Test func aBlobIdThatIsNotTheProjectsPictureIs400() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let blobId = try await client.uploadProjectImage(projectId: 5, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let error = await webAPIError { try await client.putProjectImageInfo(projectId: 5, BlobEntity(blobId: blobId + 50), logger: quietLogger) }
            #expect(error?.code == .badRequest)
        }
    }

    @Test func anImageTypeTheEndpointDoesNotConsumeIs415() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            for type in ["application/octet-stream", "image/webp", "text/plain"] {
                let error = await webAPIError { try await client.uploadProjectImage(projectId: 5, bytes: jpegLikeBytes, contentType: type, logger: quietLogger) }
                #expect(error?.code == .unsupportedMediaType)
                #expect(error?.status == 415)
            }
            let xml = try await Self.raw(sandbox, .PUT, "api/v1/Project/5/ImageInfo?projectId=5", body: Array("<BlobEntity/>".utf8), contentType: "image/png")
            #expect(xml.status == 415)
            #expect(await sandbox.storedImage(projectId: 5) == nil)
        }
    }

    @Test func unknownProjectsAre404WhenTheSetIsConfigured() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(knownProjects: [1, 2, 3]), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.uploadProjectImage(projectId: 2, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let upload = await webAPIError { try await client.uploadProjectImage(projectId: 4, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger) }
            #expect(upload?.code == .notFound)
            #expect(upload?.errorMessage == "Project id 4 not found")
            let info = await webAPIError { try await client.putProjectImageInfo(projectId: 99, BlobEntity(description: "x"), logger: quietLogger) }
            #expect(info?.code == .notFound)
            #expect(await webAPIError { try await client.projectImageInfo(projectId: 4, logger: quietLogger) }?.code == .notFound)
            #expect(await webAPIError { try await client.deleteProjectImage(projectId: 4, logger: quietLogger) }?.code == .notFound)
        }
    }

    @Test func otherRoutesAndMethodsAreRefused() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let noImageRoute = try await Self.raw(sandbox, .GET, "api/v1/Project/5")
            #expect(noImageRoute.status == 404)
            let badId = try await Self.raw(sandbox, .GET, "api/v1/Project/abc/Image")
            #expect(badId.status == 404)
            let patch = try await Self.raw(sandbox, .PATCH, "api/v1/Project/5/Image")
            #expect(patch.status == 405)
            let anonymous = try await Self.raw(sandbox, .GET, "api/v1/Project/5/Image", authorize: false)
            #expect(anonymous.status == 401)
            #expect(anonymous.errorBody?.errorType == "UnauthorizedAccessException")
        }
    }

    @Test func anEmptyPictureAnswersABlankImageWhenAskedTo() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let none = try await Self.raw(sandbox, .GET, "api/v1/Project/5/Image")
            #expect(none.status == 404)
            let blank = try await Self.raw(sandbox, .GET, "api/v1/Project/5/Image?ifBlank=ClearPixel")
            #expect(blank.status == 200)
            #expect(blank.headers.first(name: "Content-Type") == "image/png")
            #expect(blank.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let badWidth = try await Self.raw(sandbox, .GET, "api/v1/Project/5/Image?w=-2147483649")
            #expect(badWidth.status == 400)
            let badBlank = try await Self.raw(sandbox, .GET, "api/v1/Project/5/Image?ifBlank=Sometimes")
            #expect(badBlank.status == 400)
        }
    }
}
