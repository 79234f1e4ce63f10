import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The real client against the real sandbox over loopback HTTP: every operation.
@Suite struct ClientSandboxTests {
    @Test func uploadThenImageInfoRoundTrip() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let blobId = try await client.uploadProjectImage(projectId: 654, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            #expect(blobId == 1001)

            // The upload updated the ImageInfo by itself.
            let afterUpload = try await client.projectImageInfo(projectId: 654, logger: quietLogger)
            #expect(afterUpload.blobId == blobId)
            #expect(afterUpload.mimeType == "image/jpeg")
            #expect(afterUpload.originalSize == jpegLikeBytes.count)
            #expect(afterUpload.blobSize == jpegLikeBytes.count)
            #expect(afterUpload.updatedBy?.associateId == 5)
            #expect(afterUpload.createdBy != nil)
            let updated = try #require(afterUpload.updatedDate)
            #expect(updated.zone == .unspecified && updated.fractionDigits == 0)

            var info = BlobEntity(
                blobId: blobId, blobSize: jpegLikeBytes.count, description: "Site photo", extraInfo: "width=1;height=1",
                isEncrypted: false, isZipped: false, mimeType: "image/jpeg", originalSize: jpegLikeBytes.count,
                conceptualType: "PHOTO")
            let stored = try await client.putProjectImageInfo(projectId: 654, info, logger: quietLogger)
            #expect(stored.blobId == blobId)
            #expect(stored.description == "Site photo")
            #expect(stored.extraInfo == "width=1;height=1")
            #expect(stored.conceptualType == "PHOTO")
            #expect(stored.tableRight?.mask == "FULL")
            #expect(stored.fieldProperties?["Description"]?.fieldType == "System.String")
            #expect(stored.updatedBy?.name == "SAND")

            info.description = "Changed"
            _ = try await client.putProjectImageInfo(projectId: 654, info, logger: quietLogger)
            #expect(try await client.projectImageInfo(projectId: 654, logger: quietLogger).description == "Changed")
            #expect(try await client.projectImage(projectId: 654, logger: quietLogger) == jpegLikeBytes)

            let log = await sandbox.requestLog()
            #expect(log.map(\.operation) == [.uploadImage, .getImageInfo, .putImageInfo, .putImageInfo, .getImageInfo, .getImage])
            #expect(log.allSatisfy { $0.succeeded && $0.projectId == 654 && $0.credentialScheme == "SOTicket" })
            #expect(log.first?.blobId == blobId)
        }
    }

    @Test func theClientSendsTheDocumentedHeadersAndQuery() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
                baseURL: sandbox.baseURL, credentials: sandbox.credentials, acceptLanguage: "en", language: "nb",
                culture: "nb", timeZone: "NO", requestsPerSecond: nil))
            let blobId = try await client.uploadProjectImage(projectId: 654, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            _ = try await client.putProjectImageInfo(projectId: 654, BlobEntity(blobId: blobId), logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log[0].headers["content-type"] == "image/jpeg")
            #expect(log[0].headers["content-length"] == String(jpegLikeBytes.count))
            #expect(log[1].path == "/api/v1/Project/654/ImageInfo")
            #expect(log[1].query == "projectId=654")
            #expect(log[1].headers["content-type"] == "application/json; charset=utf-8")
            for record in log {
                #expect(record.headers["accept-language"] == "en")
                #expect(record.headers["so-language"] == "nb")
                #expect(record.headers["so-culture"] == "nb")
                #expect(record.headers["so-timezone"] == "NO")
                #expect(record.headers["authorization"] == nil)  // secrets are not logged
            }
        }
    }

    @Test func deleteRemovesThePicture() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.uploadProjectImage(projectId: 7, bytes: jpegLikeBytes, contentType: "image/png", logger: quietLogger)
            try await client.deleteProjectImage(projectId: 7, logger: quietLogger)
            let error = await webAPIError { try await client.projectImage(projectId: 7, logger: quietLogger) }
            #expect(error?.code == .notFound)
            #expect(error?.status == 404)
            #expect(error?.errorType == "SoNotFoundException")
            // ImageInfo of a project with no picture is 200 with empty fields.
            let empty = try await client.projectImageInfo(projectId: 7, logger: quietLogger)
            #expect(empty.blobId == 0)
            #expect(empty.mimeType == "")
            #expect(empty.createdDate?.text == "0001-01-01T00:00:00")
            #expect(empty.createdBy != nil)
            #expect((await sandbox.requestLog()).map(\.status) == [200, 204, 404, 200])
        }
    }

    @Test func eachUploadGetsANewBlobId() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for project in 1...8 {
                    group.addTask {
                        try await client.uploadProjectImage(projectId: project, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
                    }
                }
                return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
            }
            #expect(ids == Set(1001...1008))
        }
    }

    @Test func datesCarryAnOffsetWhenTheTimeZoneHeaderAsksForIt() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let plain = try makeClient(sandbox)
            let tagged = try makeClient(sandbox, timeZone: "US-NY, includeTZOffset")
            _ = try await plain.uploadProjectImage(projectId: 3, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let untaggedDate = try #require(try await plain.projectImageInfo(projectId: 3, logger: quietLogger).updatedDate)
            let taggedDate = try #require(try await tagged.projectImageInfo(projectId: 3, logger: quietLogger).updatedDate)
            #expect(untaggedDate.zone == .unspecified)
            #expect(taggedDate.zone == .offset(minutes: 0, colon: true))
            #expect(taggedDate.text.hasSuffix("+00:00"))
            #expect(taggedDate.date == untaggedDate.date)
        }
    }

    @Test func aSitePathIsPartOfTheBaseURL() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(mode: .online, sitePath: "Cust12345"), logger: quietLogger) { sandbox in
            #expect(sandbox.baseURL.hasSuffix("/Cust12345/"))
            let client = try makeClient(sandbox)
            #expect(try await client.uploadProjectImage(projectId: 1, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger) > 0)
        }
    }
}
