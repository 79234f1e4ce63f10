import Foundation
import ImageCodecs
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// A folder of what people really have (phone HEICs, web WebPs, animated GIF logos, multi-page TIFF scans, an
    /// old BMP), imported against the sandbox: the server holds the GIFs as they are and a JPEG or PNG for every
    /// other file, upright and of the right size, and each ImageInfo describes the bytes served. `--convert never`
    /// refuses the others at probe, as before conversion existed.
    @Suite struct FormatConversionImportTests {
        /// One file of the folder and what the server should hold for it.
        struct Case {
            var id: Int
            var name: String
            var bytes: [UInt8]
            /// The format served (GIF, JPEG or PNG).
            var served: ImageFormat
            /// The upright size served.
            var width: Int
            var height: Int
            var convertedFrom: String?
        }

        static func folder() -> [Case] {
            [
                // HEIC as a phone writes it: turned by irot/imir (stored 96×64, shown 64×96), EXIF saying the same
                Case(id: 701, name: "701.heic", bytes: FixtureFormats.heif(width: 96, height: 64, orientation: 6, exifOrientation: 6),
                     served: .jpeg, width: 64, height: 96, convertedFrom: "HEIC"),
                Case(id: 702, name: "702 portrait.heic", bytes: FixtureFormats.heif(width: 96, height: 64, orientation: 8),
                     served: .jpeg, width: 64, height: 96, convertedFrom: "HEIC"),
                Case(id: 703, name: "703.heic", bytes: FixtureFormats.heif(width: 80, height: 64, alpha: true),
                     served: .png, width: 80, height: 64, convertedFrom: "HEIC"),
                Case(id: 704, name: "704.webp", bytes: FixtureFormats.webp(width: 96, height: 64),
                     served: .jpeg, width: 96, height: 64, convertedFrom: "WebP"),
                Case(id: 705, name: "705.webp", bytes: FixtureFormats.webp(width: 96, height: 64, alpha: true),
                     served: .png, width: 96, height: 64, convertedFrom: "WebP"),
                Case(id: 706, name: "706.webp", bytes: FixtureFormats.webp(width: 96, height: 64, lossless: true, orientation: 3),
                     served: .jpeg, width: 96, height: 64, convertedFrom: "WebP"),
                Case(id: 707, name: "707.gif", bytes: FixtureFormats.gif(width: 64, height: 48, frames: 4),
                     served: .gif, width: 64, height: 48, convertedFrom: nil),
                Case(id: 708, name: "708.gif", bytes: FixtureFormats.gif(width: 64, height: 48, transparent: true),
                     served: .gif, width: 64, height: 48, convertedFrom: nil),
                Case(id: 709, name: "709.tif", bytes: FixtureFormats.tiff(width: 96, height: 64, pages: 2),
                     served: .jpeg, width: 96, height: 64, convertedFrom: "TIFF"),
                Case(id: 710, name: "710.tiff", bytes: FixtureFormats.tiff(width: 96, height: 64, orientation: 6, compression: .deflate),
                     served: .jpeg, width: 64, height: 96, convertedFrom: "TIFF"),
                Case(id: 711, name: "711.bmp", bytes: FixtureFormats.bmp(width: 96, height: 64),
                     served: .jpeg, width: 96, height: 64, convertedFrom: "BMP"),
                Case(id: 712, name: "712.bmp", bytes: FixtureFormats.bmp(width: 96, height: 64, bits: 32, header: 124, alpha: true),
                     served: .png, width: 96, height: 64, convertedFrom: "BMP"),
            ]
        }

        /// The quadrant pattern every fixture shows upright: red top left, green top right, blue bottom left,
        /// white (or transparent) bottom right. One pixel a quadrant, away from the edges a lossy codec blurs.
        static func checkUpright(_ pixels: FixturePixels, alpha: Bool, _ name: String) {
            func at(_ fx: Double, _ fy: Double) -> [Int] {
                pixels.pixel(x: Int(Double(pixels.width) * fx), y: Int(Double(pixels.height) * fy)).map(Int.init)
            }
            func rgb(_ p: [Int]) -> [Int] { p.count >= 3 ? Array(p.prefix(3)) : [p[0], p[0], p[0]] }
            let red = rgb(at(0.2, 0.2)), green = rgb(at(0.8, 0.2)), blue = rgb(at(0.2, 0.8)), last = at(0.8, 0.8)
            #expect(red[0] > 180 && red[1] < 80 && red[2] < 80, "\(name): top left \(red)")
            #expect(green[1] > 150 && green[0] < 80 && green[2] < 80, "\(name): top right \(green)")
            #expect(blue[2] > 180 && blue[0] < 80 && blue[1] < 80, "\(name): bottom left \(blue)")
            if alpha {
                #expect(last.count == 4 && last[3] == 0, "\(name): bottom right should be transparent: \(last)")
            } else {
                #expect(rgb(last).allSatisfy { $0 > 200 }, "\(name): bottom right \(last)")
            }
        }

        @Test(.sandbox()) func everyFormatGoesUpAsTheServerTakesItUprightAndDescribed() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let cases = Self.folder()
            for file in cases { try dir.write(file.name, file.bytes) }
            let cli = CLIRunner(extra: sandbox.environment)

            // --convert never: refused at probe as before, naming the format; the GIFs go up as they are
            let refused = try await cli.run(["import", dir.path, "--convert", "never", "--json"])
            #expect(refused.status == 1, "\(refused.stderr)")
            let failures = refused.events("failed")
            #expect(failures.count == 10, "\(refused.stdout)")
            for failure in failures {
                #expect(failure["stage"] as? String == "probe" && failure["code"] as? String == "unsupportedFormat", "\(failure)")
            }
            #expect(refused.events("done").count == 2)
            #expect(await sandbox.records(.uploadImage).count == 2, "nothing but the GIFs was sent")

            // converted: every file done, counted by format
            let run = try await cli.run(["import", dir.path, "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try #require(run.events("summary").first)
            let converted = try #require(summary["converted"] as? [String: Int], "\(run.stdout)")
            #expect(converted == ["HEIC": 3, "WebP": 3, "TIFF": 2, "BMP": 2])
            let done = Dictionary(uniqueKeysWithValues: run.events("done").compactMap { event in
                (event["path"] as? String).map { ($0, event) }
            })
            let twoPages = try #require(done["709.tif"])
            #expect((twoPages["notes"] as? [String])?.contains { $0.contains("2 pages") && $0.contains("1 page was left out") } == true,
                    "\(twoPages)")

            for file in cases {
                let stored = try #require(await sandbox.server.storedImage(projectId: file.id), "\(file.name)")
                let bytes = try #require(stored.bytes)
                let header = try ImageVerifier.verify(bytes: bytes).header
                #expect(header.format == file.served, "\(file.name): served \(header.format)")
                #expect(header.width == file.width && header.height == file.height && header.orientation == 1,
                        "\(file.name): \(header.width)×\(header.height) orientation \(header.orientation)")
                // the ImageInfo describes the bytes served
                #expect(stored.info.mimeType == file.served.mimeType, "\(file.name)")
                #expect(stored.info.originalSize == bytes.count && stored.info.blobSize == bytes.count, "\(file.name)")
                #expect(stored.info.extraInfo?.hasPrefix(
                    "width=\(file.width);height=\(file.height);sha256=\(ImagePacker.sha256Hex(bytes));") == true,
                        "\(file.name): \(stored.info.extraInfo ?? "")")
                switch file.served {
                case .gif:
                    #expect(bytes == file.bytes, "\(file.name): a GIF goes up as it is")
                case .png:
                    Self.checkUpright(try #require(FixturePixels(png: bytes)), alpha: true, file.name)
                default:
                    Self.checkUpright(try #require(FixturePixels(jpeg: bytes)), alpha: false, file.name)
                }
                if let from = file.convertedFrom {
                    #expect(done[file.name]?["convertedFrom"] as? String == from, "\(file.name)")
                }
            }
        }

        /// `probe` says what a picture holds besides its first frame: frames (animated), pages, transparency.
        @Test func probeNamesFramesPagesAndTransparency() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let logo = try dir.write("logo.gif", FixtureFormats.gif(frames: 3, transparent: true))
            let scan = try dir.write("scan.tif", FixtureFormats.tiff(pages: 2))
            let text = try await CLIRunner().run(["probe", logo, scan])
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("logo.gif: GIF 64x48, 8-bit palette, transparent, 3 frames (animated)"), "\(text.stdout)")
            #expect(text.stdout.contains("scan.tif: TIFF 64x48, 8-bit rgb, 2 pages"), "\(text.stdout)")
            let json = try await CLIRunner().run(["probe", "--json", logo])
            let line = try #require(json.stdout.split(separator: "\n").first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["frames"] as? Int == 3 && object["animated"] as? Bool == true && object["alpha"] as? Bool == true)
        }

        @Test(.sandbox()) func keepTIFFUploadsTheTIFFAsItIs() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let scan = FixtureFormats.tiff(width: 96, height: 64, pages: 2)
            let file = try dir.write("scan.tif", scan)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["put", file, "--project", "720", "--keep-tiff", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let stored = try #require(await sandbox.server.storedImage(projectId: 720))
            #expect(stored.bytes == scan && stored.info.mimeType == "image/tiff")
        }
    }
}
