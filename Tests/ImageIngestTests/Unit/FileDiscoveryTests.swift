import Foundation
import ImageIngest
import Testing

@Suite struct FileDiscoveryTests {
    @Test func walksTopLevelAndProjectFoldersSkippingStateAndDotFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("1.jpg", text: "x")
        try dir.write("654/logo.png", text: "x")
        try dir.write("other/2.jpg", text: "x")
        try dir.write(".image-ingest/journal.sqlite", text: "x")
        try dir.write(".hidden.jpg", text: "x")
        let shallow = try FileDiscovery.discover(in: dir.path, recursive: false)
        #expect(shallow.map(\.relativePath) == ["1.jpg", "654/logo.png", "other/2.jpg"])
        // listed so the report accounts for it, but not walked for import
        #expect(shallow.map(\.kind) == [.regular, .regular, .inSubfolder])
        let deep = try FileDiscovery.discover(in: dir.path, recursive: true)
        #expect(deep.map(\.relativePath) == ["1.jpg", "654/logo.png", "other/2.jpg"])
        #expect(deep.allSatisfy { $0.kind == .regular })
    }

    @Test func reportsFifosDanglingLinksAndLinkLoopsWithoutHanging() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a/1.jpg", text: "x")
        #expect(mkfifo(dir.path + "/2.pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/loop", withDestinationPath: dir.path + "/a")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/3.jpg", withDestinationPath: dir.path + "/nowhere")
        let found = try FileDiscovery.discover(in: dir.path, recursive: true)
        let kinds = Dictionary(uniqueKeysWithValues: found.map { ($0.relativePath, $0.kind) })
        #expect(kinds["a/1.jpg"] == .regular)
        #expect(kinds["2.pipe"] == .notRegular("a FIFO"))
        #expect(kinds["3.jpg"] == .notRegular("a dangling symbolic link"))
        #expect(kinds["a/loop"] == .unreadableDirectory("a directory link loop"))
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: IngestError.self) { try FileDiscovery.discover(in: "/nonexistent/\(UUID())", recursive: false) }
    }
}
