import ImageCodecs
import ImageFixtures
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("many decodes at once each keep their own error state")
    func manyDecodes() async {
        let good = FixtureImage.jpeg(width: 256, height: 192, progressive: true)
        let truncated = FixtureMutation.truncated(good, fraction: 0.6)
        let png = FixtureImage.png(width: 128, height: 128, interlaced: true)
        let badPNG = FixtureMutation.flippingCRC(of: "IDAT", in: png)
        let inputs: [([UInt8], CodecError.Code?)] = (0..<96).map { index in
            switch index % 4 {
            case 0: (good, nil)
            case 1: (truncated, .truncated)
            case 2: (png, nil)
            default: (badPNG, .corruptData)
            }
        }
        let outcomes = await withTaskGroup(of: (Int, CodecError.Code?).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask {
                    (index, TestSupport.error { () throws(CodecError) in try ImageVerifier.verify(bytes: input.0) }?.code)
                }
            }
            var result = [CodecError.Code?](repeating: nil, count: inputs.count)
            for await (index, code) in group { result[index] = code }
            return result
        }
        for (index, input) in inputs.enumerated() {
            #expect(outcomes[index] == input.1, "input \(index)")
        }
    }
}
