import Foundation
import ImageCodecs
import Testing

/// PngSuite conformance: every image of Willem van Schaik's PngSuite (shipped in this test target as a resource,
/// under its licence, `PngSuite/PngSuite.LICENSE`) behaves as `PngSuite/MANIFEST.tsv` says.
@Suite("PngSuite conformance")
struct PngSuiteConformanceTests {
    struct Row: Sendable, CustomStringConvertible {
        var file: String
        var mime: String
        var width: Int?
        var height: Int?
        var rejectStage: String
        var description: String { file }
    }

    static var suiteDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("PngSuite").path
    }

    static func rows() throws -> [Row] {
        let manifest = suiteDirectory + "/MANIFEST.tsv"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 5 else { return nil }
            return Row(file: fields[0], mime: fields[1], width: Int(fields[2]), height: Int(fields[3]), rejectStage: fields[4])
        }
    }

    @Test("the manifest ships with the test target")
    func manifestPresent() throws {
        let rows = try Self.rows()
        #expect(rows.count > 150, "expected the full PngSuite manifest at \(Self.suiteDirectory)")
    }

    @Test("every row behaves as the manifest says")
    func conformance() throws {
        let rows = try Self.rows()
        try #require(!rows.isEmpty, "no rows in \(Self.suiteDirectory)/MANIFEST.tsv")
        var checked = (good: 0, rejected: 0, decode: 0)
        for row in rows {
            let path = Self.suiteDirectory + "/" + row.file
            switch row.rejectStage {
            case "-":
                let header = try ImageProbe.probe(fileAtPath: path)
                #expect(header.format.mimeType == row.mime, "\(row.file)")
                #expect(header.width == row.width && header.height == row.height, "\(row.file)")
                #expect(throws: Never.self, "\(row.file) decodes") { _ = try ImageVerifier.verify(fileAtPath: path) }
                checked.good += 1
            case "signature", "header":
                #expect(throws: CodecError.self, "\(row.file) rejected by probe") { _ = try ImageProbe.probe(fileAtPath: path) }
                checked.rejected += 1
            case "decode":
                let header = try ImageProbe.probe(fileAtPath: path)
                #expect(header.width == row.width && header.height == row.height, "\(row.file)")
                #expect(throws: CodecError.self, "\(row.file) fails verify") { _ = try ImageVerifier.verify(fileAtPath: path) }
                checked.decode += 1
            default:
                Issue.record("unknown reject stage \(row.rejectStage) for \(row.file)")
            }
        }
        #expect(checked.good > 100 && checked.rejected >= 10 && checked.decode >= 2)
    }
}
