import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Failures to connect are named in plain words: no type names, no source paths.
@Suite struct ConnectionFailureTests {
    /// https to a server that speaks plain http: the TLS handshake fails, which is "cannot connect".
    @Test func aFailedTLSHandshakeIsCannotConnectInPlainWords() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let https = "https://" + sandbox.baseURL.dropFirst("http://".count)
            let client = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
                baseURL: https, credentials: sandbox.credentials, retryPolicy: .none))
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .cannotConnect)
            let text = error?.description ?? ""
            #expect(text.contains("the TLS handshake with 127.0.0.1:"), "\(text)")
            #expect(!text.contains("NIOSSL") && !text.contains("BoringSSL") && !text.contains(".cc"), "\(text)")
            #expect(text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count, "\(text)")
        }
    }
}
