import Testing

@Test func placeholderImageIngestTests() { #expect(Bool(true)) }
