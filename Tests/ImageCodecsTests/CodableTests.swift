import Foundation
import ImageCodecs
import ImageFixtures
import Testing

@Suite("Codable values")
struct CodableTests {
    @Test("a header survives a JSON round trip (for journals and reports)")
    func headerRoundTrip() throws {
        let header = try ImageProbe.probe(bytes: FixtureImage.jpeg(width: 30, height: 20, progressive: true, orientation: 6))
        let decoded = try JSONDecoder().decode(ImageHeader.self, from: JSONEncoder().encode(header))
        #expect(decoded == header)
        #expect(decoded.displayWidth == 20)
        let limits = CodecLimits(maxPixels: 5)
        #expect(try JSONDecoder().decode(CodecLimits.self, from: JSONEncoder().encode(limits)) == limits)
    }
}
