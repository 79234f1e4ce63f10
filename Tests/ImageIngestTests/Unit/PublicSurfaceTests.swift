import Foundation
import Testing

/// ImageIngest's public API is its front door (the ingestor, options, the folder import, events, report,
/// result, error, policies): a new helper type is `package` or internal unless it joins that door on purpose.
@Suite struct PublicSurfaceTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ImageIngest")

    @Test func atMostFifteenPublicTopLevelTypes() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10, "the sources are where this test expects them")
        let declaration = try NSRegularExpression(
            pattern: "^public (?:final )?(?:struct|enum|class|actor|protocol|typealias) (\\w+)", options: .anchorsMatchLines)
        var names: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for match in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.append(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(names.contains("Ingestor") && names.contains("IngestError"))
        #expect(names.count <= 15, "\(names.count) public top-level types: \(names.sorted())")
    }
}
