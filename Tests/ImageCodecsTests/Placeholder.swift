import Testing

@Test func placeholderImageCodecsTests() { #expect(Bool(true)) }
