import LibC
import ImageCodecs
import ImageFixtures
import Testing

@Suite("Type from content")
struct SniffTests {
    @Test("other formats are named as unsupported", arguments: ForeignFixture.allCases.filter { $0 != .text })
    func unsupported(fixture: ForeignFixture) {
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: fixture.bytes) }
        #expect(error?.format?.mimeType == fixture.mimeType)
        #expect(ImageProbe.sniff(fixture.bytes)?.mimeType == fixture.mimeType)
        if ImageProbe.sniff(fixture.bytes)?.isSupported == true {
            // GIF, WebP, TIFF, BMP, HEIF are decoded now: their magic alone is a broken file of that format
            #expect([.invalidHeader, .truncated, .corruptData].contains(error?.code), "\(String(describing: error))")
        } else {
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.message == "unsupported format \(fixture.mimeType)")
        }
    }

    @Test("an empty file is not an image")
    func empty() throws {
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: []) }
        #expect(error?.code == .notAnImage)
        #expect(error?.message == "empty file")
        let (path, directory) = try TestSupport.file([], named: "empty.jpg")
        defer { FixtureFile.removeTree(directory) }
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path) }?.code == .notAnImage)
    }

    @Test("text named .jpg is not an image")
    func textNamedJPEG() throws {
        let (path, directory) = try TestSupport.file(ForeignFixture.text.bytes, named: "photo.jpg")
        defer { FixtureFile.removeTree(directory) }
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path) }
        #expect(error?.code == .notAnImage)
        #expect(error?.message == "not an image")
    }

    @Test("a PNG named .jpg is a PNG, and a JPEG named .png is a JPEG")
    func wrongExtension() throws {
        let (pngPath, d1) = try TestSupport.file(FixtureImage.png(width: 10, height: 7), named: "really-a-png.jpg")
        let (jpegPath, d2) = try TestSupport.file(FixtureImage.jpeg(width: 11, height: 5), named: "really-a-jpeg.png")
        defer { FixtureFile.removeTree(d1); FixtureFile.removeTree(d2) }
        let png = try ImageProbe.probe(fileAtPath: pngPath)
        #expect(png.format == .png && png.width == 10 && png.height == 7)
        let jpeg = try ImageVerifier.verify(fileAtPath: jpegPath).header
        #expect(jpeg.format == .jpeg && jpeg.width == 11 && jpeg.height == 5)
    }

    @Test("a PNG signature damaged by a text-mode transfer is a broken PNG")
    func damagedSignature() {
        var bytes = FixtureImage.png()
        bytes.insert(0x0D, at: 5)  // \n became \r\n
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(bytes: bytes) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.format == .png)
    }

    @Test("files that cannot be read give an io error", arguments: ["/nonexistent/x.jpg", "/tmp"])
    func unreadable(path: String) {
        #expect(TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path) }?.code == .io)
    }

    @Test("the file size limit is checked before reading")
    func fileSizeLimit() throws {
        let (path, directory) = try TestSupport.file(FixtureImage.jpeg(), named: "a.jpg")
        defer { FixtureFile.removeTree(directory) }
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path, limits: CodecLimits(maxFileBytes: 100)) }
        #expect(error?.code == .tooLarge)
    }
}

#if canImport(Glibc)

@Suite("Special files")
struct SpecialFileTests {
    @Test("a FIFO is refused at once, not waited on")
    func fifo() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-fifo")
        defer { FixtureFile.removeTree(directory) }
        let path = directory + "/pipe.jpg"
        try #require(mkfifo(path, 0o600) == 0)
        let error = TestSupport.error { () throws(CodecError) in try ImageProbe.probe(fileAtPath: path) }
        #expect(error?.code == .io)
        #expect(error?.message == "not a regular file (a FIFO)")
    }
}
#endif
