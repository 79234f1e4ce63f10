import Foundation
import ImageFixtures
import Testing

/// Writes the files in `Samples/` (run with `IMAGE_INGEST_WRITE_SAMPLES=1 swift test --filter SampleWriter`).
/// Without the variable it checks every sample is there; `QuickStartTests` checks what an import makes of
/// them (byte equality is not asserted: another libjpeg/libpng build may encode the same pixels differently).
@Suite struct SampleWriter {
    static var samplesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples").path
    }

    /// Name → bytes of every sample file.
    static var samples: [(String, [UInt8])] {
        [
            ("101.jpg", FixtureImage.jpeg(width: 320, height: 240, quality: 80, seed: 101)),
            ("102-logo.png", FixtureImage.png(width: 128, height: 128, color: .rgba, seed: 102)),
            ("103.jpg", FixtureImage.jpeg(width: 240, height: 320, progressive: true, orientation: 6, seed: 103)),
            ("104/front.png", FixtureImage.png(width: 200, height: 150, color: .palette, seed: 104)),
            ("105.jpg", FixtureMutation.truncated(FixtureImage.jpeg(width: 320, height: 240, seed: 105), fraction: 0.5)),
            // what phones and the web hand people: converted on the way up (a JPEG, and a PNG for the alpha)
            ("106.heic", FixtureFormats.heif(width: 320, height: 240, orientation: 6, exifOrientation: 6, quality: 70)),
            ("107-logo.webp", FixtureFormats.webp(width: 160, height: 120, alpha: true, quality: 80)),
            ("manifest.csv", Array("""
                path,projectId,description,conceptualType
                101.jpg,101,Head office,Photo
                102-logo.png,102,Project logo,Logo
                103.jpg,103,Site (portrait),Photo
                104/front.png,104,,
                105.jpg,105,This file is cut short: verify rejects it,
                106.heic,106,From a phone (HEIC),Photo
                107-logo.webp,107,From the web (WebP with alpha),Logo

                """.utf8)),
            // named by project number, for `import Samples/by-number --match number --sandbox-projects Samples/projects.csv`
            ("by-number/P-10042.jpg", FixtureImage.jpeg(width: 320, height: 240, quality: 80, seed: 201)),
            ("by-number/10043 \u{00C5}lesund kai.png", FixtureImage.png(width: 160, height: 120, color: .rgb, seed: 202)),
            ("by-number/P-10044.jpg", FixtureImage.jpeg(width: 240, height: 180, seed: 203)),
            ("by-number/P-99999.jpg", FixtureImage.jpeg(width: 240, height: 180, seed: 204)),
            ("projects.csv", Array("""
                projectId,number,name
                101,P-10101,Head office
                102,P-10102,Project logo
                103,P-10103,Site office
                104,P-10104,Front yard
                105,P-10105,Broken sample
                106,P-10106,Phone photo
                107,P-10107,Web logo
                201,P-10042,Harbour crane upgrade
                202,10043,\u{00C5}lesund kai
                203,P-10044,Warehouse
                204,P-10044,Warehouse annex

                """.utf8)),
        ]
    }

    @Test func samplesAreWritten() throws {
        let write = ProcessInfo.processInfo.environment["IMAGE_INGEST_WRITE_SAMPLES"] == "1"
        for (name, bytes) in Self.samples {
            let path = Self.samplesFolder + "/" + name
            if write {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } else {
                #expect(FileManager.default.fileExists(atPath: path), "Samples/\(name) is missing: run with IMAGE_INGEST_WRITE_SAMPLES=1")
            }
        }
    }
}
