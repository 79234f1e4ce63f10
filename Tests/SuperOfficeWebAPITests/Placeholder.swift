import Testing

@Test func placeholderSuperOfficeWebAPITests() { #expect(Bool(true)) }
