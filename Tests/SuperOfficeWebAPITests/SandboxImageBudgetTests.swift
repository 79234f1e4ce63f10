import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// `SandboxConfiguration.imageBytesBudget`: bitmaps beyond the budget are evicted, every ImageInfo stays;
/// and the client's brief BlobEntity decoding.
@Suite struct SandboxImageBudgetTests {
    @Test func evictsTheOldestBitmapsButKeepsEveryImageInfo() async throws {
        // room for two of these bitmaps, not three
        let budget = 2 * jpegLikeBytes.count + jpegLikeBytes.count / 2
        try await SandboxServer.withSandbox(SandboxConfiguration(imageBytesBudget: budget), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            var blobIds: [Int] = []
            for project in 1...3 {
                blobIds.append(try await client.uploadProjectImage(projectId: project, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger))
            }
            // the oldest bitmap is gone, and says so (not a 404 "no picture")
            let error = await webAPIError { try await client.projectImage(projectId: 1, logger: quietLogger) }
            #expect(error?.status == 410)
            #expect(error?.errorType == "SandboxImageEvicted")
            let evicted = try #require(await sandbox.storedImage(projectId: 1))
            #expect(evicted.bytes == nil)
            #expect(evicted.info.blobId == blobIds[0] && evicted.info.blobSize == jpegLikeBytes.count)
            // its ImageInfo is still there and can still be updated
            let info = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            #expect(info.blobId == blobIds[0] && info.mimeType == "image/jpeg")
            _ = try await client.putProjectImageInfo(projectId: 1, BlobEntity(blobId: blobIds[0], description: "kept"), logger: quietLogger)
            #expect(try await client.projectImageInfo(projectId: 1, logger: quietLogger).description == "kept")
            // the newer ones are kept whole
            #expect(try await client.projectImage(projectId: 2, logger: quietLogger) == jpegLikeBytes)
            #expect(try await client.projectImage(projectId: 3, logger: quietLogger) == jpegLikeBytes)
            // a new upload to the evicted project brings its bitmap back (and pushes out project 2's)
            _ = try await client.uploadProjectImage(projectId: 1, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            #expect(try await client.projectImage(projectId: 1, logger: quietLogger) == jpegLikeBytes)
            #expect(await sandbox.storedImage(projectId: 2)?.bytes == nil)
        }
    }

    @Test func theNewestBitmapIsKeptEvenWhenLargerThanTheBudget() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(imageBytesBudget: 10), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.uploadProjectImage(projectId: 4, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            #expect(try await client.projectImage(projectId: 4, logger: quietLogger) == jpegLikeBytes)
        }
    }

    @Test func withoutABudgetEveryBitmapIsKept() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            for project in 1...3 {
                _ = try await client.uploadProjectImage(projectId: project, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            }
            for project in 1...3 {
                #expect(try await client.projectImage(projectId: project, logger: quietLogger) == jpegLikeBytes)
            }
        }
    }

    @Test func aRequestLogLimitKeepsTheNewestRecords() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(requestLogLimit: 3), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            for project in 1...200 {
                _ = try await client.projectImageInfo(projectId: project, logger: quietLogger)
            }
            let log = await sandbox.requestLog()
            #expect(log.map(\.projectId) == [198, 199, 200])
            #expect(log.map(\.sequence) == [198, 199, 200])
        }
    }

    @Test func briefDetailDecodesOnlyTheScalarFields() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let blobId = try await client.uploadProjectImage(projectId: 9, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let stored = try await client.putProjectImageInfo(
                projectId: 9, BlobEntity(blobId: blobId, description: "d", conceptualType: "PHOTO"), detail: .brief, logger: quietLogger)
            #expect(stored.blobId == blobId && stored.description == "d" && stored.conceptualType == "PHOTO")
            #expect(stored.mimeType == "image/jpeg" && stored.originalSize == jpegLikeBytes.count)
            #expect(stored.updatedBy == nil && stored.tableRight == nil && stored.fieldProperties == nil && stored.updatedDate == nil)
            let read = try await client.projectImageInfo(projectId: 9, detail: .brief, logger: quietLogger)
            #expect(read.description == "d" && read.blobId == blobId && read.createdBy == nil)
        }
    }
}
