import Foundation
import SuperOfficeWebAPI
import Testing

/// A service configures its client from its environment as the command line does, and the settings that would
/// send work somewhere unintended are refused with a stable code.
@Suite struct SettingsTests {
    @Test func anEnvironmentWithAServerAndATicketConfiguresTheClient() throws {
        let settings = try SuperOfficeSettings(environment: [
            "SO_BASE_URL": "https://sod2.superoffice.com/Cust12345", "SO_TICKET": "7T:abc", "SO_APP_TOKEN": "app", "HOME": "/root",
        ])
        let configuration = try settings.clientConfiguration()
        #expect(configuration.credentials == .soTicket("7T:abc", appToken: "app"))
        let client = try SuperOfficeClient(configuration: configuration)
        #expect(client.baseURL == "https://sod2.superoffice.com/Cust12345/")
        #expect(settings.credentialDescription == "SO_TICKET + SO_APP_TOKEN (SOTicket, from the environment)")
        #expect(Set(settings.secrets) == ["7T:abc", "app"])
        #expect(!"\(configuration)".contains("7T:abc"))
    }

    @Test func aCredentialWithoutAServerIsRefusedNamingTheTypo() throws {
        let settings = try SuperOfficeSettings(environment: ["SO_TICKET": "7T:abc", "SO_BASEURL": "https://x.example/"])
        #expect(settings.likelyTypos.map(\.meant) == ["SO_BASE_URL"])
        #expect {
            _ = try settings.clientConfiguration()
        } throws: { error in
            guard let error = error as? SettingsError else { return false }
            return error.code == .credentialWithoutServer && error.message.contains("SO_TICKET (from the environment)")
                && error.message.contains("SO_BASEURL is set: did you mean SO_BASE_URL?") && !error.message.contains("7T:abc")
        }
        // a base URL given otherwise (a flag) is a server
        #expect(try settings.clientConfiguration(baseURL: "https://x.example/").credentials == .soTicket("7T:abc", appToken: nil))
    }

    @Test(arguments: [
        (["SO_BASE_URL": "https://x.example/"], SettingsError.Code.noCredential),
        (["SO_BASE_URL": "https://x.example/", "SO_USERNAME": "me"], .incompleteCredential),
        (["SO_BASE_URL": "https://x.example/", "SO_APP_TOKEN": "app"], .incompleteCredential),
        (["SO_CONTEXT_ID": "Cust1", "SO_TICKET": "7T:x"], .incompleteCredential),
        (["SO_CONTEXT_ID": "Cust1", "SO_ENVIRONMENT": "moon", "SO_TICKET": "7T:x"], .invalidValue),
        ([:], .nothingConfigured),
    ])
    func incompleteSettingsHaveStableCodes(environment: [String: String], code: SettingsError.Code) throws {
        #expect {
            _ = try SuperOfficeSettings(environment: environment).clientConfiguration()
        } throws: { error in
            (error as? SettingsError)?.code == code
        }
    }

    @Test func aCredentialsFileIsReadAndTheEnvironmentWinsButABadLineIsNeverEchoed() throws {
        let path = NSTemporaryDirectory() + "settings-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# tenant\nexport SO_BASE_URL=\"https://file.example/\"\nSO_TICKET='7T:from-file'\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        let settings = try SuperOfficeSettings(environment: ["SO_TICKET": "7T:from-env"], credentialsFile: path)
        #expect(settings.baseURL == "https://file.example/" && settings.values["SO_TICKET"] == "7T:from-env")
        #expect(settings.origins["SO_BASE_URL"] == "credentials file \(path)" && settings.warnings.isEmpty)

        try "SO_BASE_URL=https://file.example/\nSO_TICKET 7T:secret-value\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SuperOfficeSettings(environment: [:], credentialsFile: path)
        } throws: { error in
            guard let error = error as? SettingsError else { return false }
            return error.code == .malformedFile && error.message.contains("line 2") && !error.message.contains("secret-value")
        }
        #expect {
            _ = try SuperOfficeSettings(environment: [:], credentialsFile: path + "-missing")
        } throws: { error in
            (error as? SettingsError)?.code == .unreadableFile
        }
    }
}
