import Foundation
import ImageCodecs
@testable import ImageIngest
import Testing

@Suite struct ChangeCheckTests {
    @Test func aTouchedButIdenticalFileIsUnchangedAndAnEditedOneIsReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("a.bin", Array(repeating: 7, count: 100))
        let (bytes, before) = try FileReader.read(path: path, displayPath: "a.bin", maxBytes: 1 << 20)
        let sha = sha256(bytes)
        try ChangeCheck.unchanged(path: path, displayPath: "a.bin", since: before, sha256: sha, maxBytes: 1 << 20, afterUpload: false)
        // same bytes, new mtime: still unchanged (the hash decides)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        try ChangeCheck.unchanged(path: path, displayPath: "a.bin", since: before, sha256: sha, maxBytes: 1 << 20, afterUpload: true)
        // same size, different content
        try dir.write("a.bin", Array(repeating: 8, count: 100))
        #expect { try ChangeCheck.unchanged(path: path, displayPath: "a.bin", since: before, sha256: sha, maxBytes: 1 << 20, afterUpload: false) }
            throws: { ($0 as? IngestError)?.code == .changedDuringIngest && ($0 as? IngestError)?.stage == .upload }
        // gone
        try FileManager.default.removeItem(atPath: path)
        #expect { try ChangeCheck.unchanged(path: path, displayPath: "a.bin", since: before, sha256: sha, maxBytes: 1 << 20, afterUpload: true) }
            throws: { ($0 as? IngestError)?.code == .changedDuringIngest && ($0 as? IngestError)?.stage == .record }
    }

    @Test func theReaderRefusesFifosEmptyAndOversizedFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(mkfifo(dir.path + "/p", 0o644) == 0)
        let empty = try dir.write("e", [])
        let big = try dir.write("b", Array(repeating: 1, count: 10))
        #expect { _ = try FileReader.read(path: dir.path + "/p", displayPath: "p", maxBytes: 100) }
            throws: { ($0 as? IngestError)?.code == .notARegularFile }
        #expect { _ = try FileReader.read(path: empty, displayPath: "e", maxBytes: 100) }
            throws: { ($0 as? IngestError)?.code == .notAnImage }
        #expect { _ = try FileReader.read(path: big, displayPath: "b", maxBytes: 5) }
            throws: { ($0 as? IngestError)?.code == .tooLarge }
    }

    func sha256(_ bytes: [UInt8]) -> String {
        ImagePacker.sha256Hex(bytes)
    }
}
