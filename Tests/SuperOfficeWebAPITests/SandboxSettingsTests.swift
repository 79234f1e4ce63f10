import Foundation
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// What `image-ingest-sandbox` takes from its environment and hands out, as library calls.
@Suite struct SandboxSettingsTests {
    @Test func acceptedCredentialsComeFromTheEnvironmentOrAreTheDemoOne() throws {
        let none = try SandboxConfiguration.acceptedCredentials(environment: [:], mode: .onsite)
        #expect(none.isDemo && none.credentials == [SandboxConfiguration.demoCredentials(mode: .onsite)])
        let online = try SandboxConfiguration.acceptedCredentials(environment: [:], mode: .online)
        #expect(online.credentials == [.soTicket("7T:sandbox", appToken: "sandbox-app")])

        let ticket = try SandboxConfiguration.acceptedCredentials(
            environment: ["SO_TICKET": "7T:abc", "SO_APP_TOKEN": "app", "SO_BEARER_TOKEN": "bearer"], mode: .online)
        #expect(!ticket.isDemo && Set(ticket.credentials) == [.soTicket("7T:abc", appToken: "app"), .bearer("bearer")])

        #expect {
            _ = try SandboxConfiguration.acceptedCredentials(environment: ["SO_TICKET": "7T:abc"], mode: .online)
        } throws: { error in
            (error as? SandboxError)?.code == .invalidConfiguration && "\(error)".contains("SO_APP_TOKEN")
        }
        #expect(try SandboxConfiguration.projectIds(parsing: "3, 1,2") == [1, 2, 3])
        #expect(throws: SandboxError.self) { try SandboxConfiguration.projectIds(parsing: "1,x") }
    }

    /// The file `--demo-credentials` writes is one the settings reader takes: the writer and the reader agree.
    @Test func theDemoCredentialsFileIsReadBackByTheSettingsAndOnlyItsOwnerCanReadIt() throws {
        let folder = NSTemporaryDirectory() + "demo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let login = try SandboxLogin.generate(contextIdentifier: "Cust777")
        let path = folder + "/creds.env"
        try login.writeCredentialsFile(at: path, loginURL: "http://127.0.0.1:1/", flow: .systemUser)
        // written twice: the second replaces the first (and keeps the mode)
        try login.writeCredentialsFile(at: path, loginURL: "http://127.0.0.1:1/", flow: .systemUser)
        for file in [path, path + ".key.pem", path + ".cert.pem"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(file): \(String(mode, radix: 8))")
        }
        let settings = try SuperOfficeSettings(environment: [:], credentialsFile: path)
        #expect(settings.values["SO_CONTEXT_ID"] == "Cust777")
        #expect(settings.values["SO_SYSTEM_USER_TOKEN"] == login.systemUserToken)
        #expect(settings.values["SO_PRIVATE_KEY_FILE"] == path + ".key.pem")
        #expect(try settings.onlineTenant()?.contextIdentifier == "Cust777")
        #expect(try settings.renewingProvider() != nil)

        try login.writeCredentialsFile(at: path, loginURL: "http://127.0.0.1:1/", flow: .oauth)
        let oauth = try SuperOfficeSettings(environment: [:], credentialsFile: path)
        #expect(oauth.values["SO_REFRESH_TOKEN"] == login.refreshTokens.sorted().first && oauth.values["SO_CLIENT_ID"] == login.clientId)

        #expect {
            try login.writeCredentialsFile(at: folder + "/missing/creds.env", loginURL: "http://127.0.0.1:1/", flow: .oauth)
        } throws: { error in
            guard let error = error as? SandboxError else { return false }
            return error.code == .unwritableFile && error.errno == ENOENT
        }
    }
}
