import ImageCodecs
import ImageFixtures
import Testing

import LibC

/// Inputs a folder of "images" may hold that are not images at all, or not files: each gets a
/// clear error with a stable code, at once, and nothing blocks.
@Suite("awkward inputs")
struct AwkwardInputTests {
    /// The errors of a probe and of a verify of the file at `path`, both by path (the
    /// `fileDescriptor:` entry points are not called here).
    private static func errors(atPath path: String) -> [CodecError?] {
        [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(fileAtPath: path).header },
        ]
    }

    @Test("a zero-byte file is not an image, by path and from memory")
    func zeroBytes() throws {
        let (path, directory) = try TestSupport.file([], named: "empty.jpg")
        defer { FixtureFile.removeTree(directory) }
        let fromMemory = [
            TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: []) },
            TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: []).header },
        ]
        for error in Self.errors(atPath: path) + fromMemory {
            #expect(error?.code == .notAnImage)
            #expect(error?.message == "empty file")
        }
    }

    @Test("a FIFO without a writer is refused at once, never waited on")
    func fifo() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-fifo")
        defer { FixtureFile.removeTree(directory) }
        let path = "\(directory)/pipe.jpg"
        try #require(mkfifo(path, 0o644) == 0)
        // Were the FIFO opened without O_NONBLOCK, these calls would wait for a writer forever.
        for error in Self.errors(atPath: path) {
            #expect(error?.code == .io)
            #expect(error?.message == "not a regular file (a FIFO)")
        }
    }

    @Test("device files are refused by name", arguments: ["/dev/zero", "/dev/null", "/dev/urandom"])
    func device(path: String) {
        for error in Self.errors(atPath: path) {
            #expect(error?.code == .io)
            #expect(error?.message == "not a regular file (a character device)")
        }
    }

    @Test("a directory is refused as one")
    func directory() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-dir")
        defer { FixtureFile.removeTree(directory) }
        for error in Self.errors(atPath: directory) {
            #expect(error?.code == .io)
            #expect(error?.message == "is a directory")
        }
    }

    @Test("a symlink loop is an io error that names the loop")
    func symlinkLoop() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-loop")
        defer { FixtureFile.removeTree(directory) }
        try #require(symlink("b.jpg", "\(directory)/a.jpg") == 0)
        try #require(symlink("a.jpg", "\(directory)/b.jpg") == 0)
        for error in Self.errors(atPath: "\(directory)/a.jpg") {
            #expect(error?.code == .io)
            #expect(error?.message == "cannot open: \(String(cString: strerror(ELOOP)))")
        }
    }

    @Test("a file without read permission: an io error, or read as usual when we may (root)")
    func noPermission() throws {
        let (path, directory) = try TestSupport.file(FixtureImage.jpeg(width: 20, height: 10), named: "locked.jpg")
        defer { FixtureFile.removeTree(directory) }
        try #require(chmod(path, 0) == 0)
        // Root (CAP_DAC_OVERRIDE) reads any file; everyone else gets EACCES from open.
        let mayRead = access(path, R_OK) == 0
        for error in Self.errors(atPath: path) {
            if mayRead {
                #expect(error == nil)
            } else {
                #expect(error?.code == .io)
                #expect(error?.message == "cannot open: \(String(cString: strerror(EACCES)))")
            }
        }
    }

    @Test("a good image with a non-UTF-8 name probes through its descriptor")
    func nonUTF8Name() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-name")
        defer { FixtureFile.removeTree(directory) }
        // "caf\xE9.jpg": Latin-1, as old Windows zips and cameras leave it. No String can name it.
        let name = Array("\(directory)/caf".utf8) + [0xE9] + Array(".jpg".utf8) + [0]
        let bytes = FixtureImage.jpeg(width: 24, height: 12)
        let fd = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        }
        try #require(fd >= 0)
        defer {
            close(fd)
            _ = name.withUnsafeBufferPointer { buffer in buffer.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } }
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        let header = try ImageProbe.probe(fileDescriptor: fd)
        #expect(header.width == 24 && header.height == 12)
        #expect(try ImageVerifier.verify(fileDescriptor: fd).header == header)
    }

    @Test("decompression bombs are refused from the header through a file descriptor too")
    func bombsFromFiles() throws {
        let bombs: [(String, [UInt8], String)] = [
            ("bomb.png", FixtureImage.pngClaiming(width: 100_000, height: 100_000), "100000x100000"),
            ("bomb.jpg", FixtureMutation.jpegClaiming(width: 65000, height: 65000, FixtureImage.jpeg()), "65000x65000"),
        ]
        for (name, bytes, size) in bombs {
            let (path, directory) = try TestSupport.file(bytes, named: name)
            defer { FixtureFile.removeTree(directory) }
            for error in Self.errors(atPath: path) {
                #expect(error?.code == .tooLarge)
                #expect(error?.message.contains(size) == true)
                #expect(error?.message.contains("over the limit") == true)
            }
        }
    }
}
