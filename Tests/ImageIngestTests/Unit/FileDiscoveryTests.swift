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
        #expect(kinds["a/loop"] == .unreadableDirectory("a link to a folder, not followed: import the folder it names"))
    }

    /// A link to `..` (or anywhere) inside an import folder never takes the walk outside it: before the one walk, a
    /// recursive import followed `up -> ..` and uploaded the parent folder's `654.jpg`.
    @Test func aLinkToAFolderIsNotFollowedOutOfTheFolder() throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        try parent.write("654.jpg", text: "x")
        try parent.write("inside/655.jpg", text: "x")
        try parent.write("inside/700/1.jpg", text: "x")
        try FileManager.default.createSymbolicLink(atPath: parent.path + "/inside/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: parent.path + "/inside/701", withDestinationPath: parent.path + "/inside/700")
        try FileManager.default.createSymbolicLink(atPath: parent.path + "/inside/other", withDestinationPath: parent.path + "/inside/700")
        for recursive in [false, true] {
            let found = try FileDiscovery.discover(in: parent.path + "/inside", recursive: recursive)
            let kinds = Dictionary(uniqueKeysWithValues: found.map { ($0.relativePath, $0.kind) })
            #expect(!kinds.keys.contains { $0.hasPrefix("up/") || $0.hasPrefix("701/") || $0.hasPrefix("other/") }, "\(kinds)")
            #expect(kinds["655.jpg"] == .regular && kinds["700/1.jpg"] == .regular)
            // where the folder would be walked, its link is reported; elsewhere it is listed as not walked
            let notFollowed = DiscoveredFile.Kind.unreadableDirectory("a link to a folder, not followed: import the folder it names")
            #expect(kinds["701"] == notFollowed)
            #expect(kinds["up"] == (recursive ? notFollowed : .inSubfolder))
            #expect(kinds["other"] == (recursive ? notFollowed : .inSubfolder))
        }
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: IngestError.self) { try FileDiscovery.discover(in: "/nonexistent/\(UUID())", recursive: false) }
    }
}
