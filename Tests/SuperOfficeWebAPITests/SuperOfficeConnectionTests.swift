import Foundation
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// `SuperOfficeConnection`: the configured server, or the embedded sandbox only when nothing at all is configured.
@Suite struct SuperOfficeConnectionTests {
    static let logger = Logger(label: "connection", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func nothingConfiguredIsTheEmbeddedSandboxAndItAnswers() async throws {
        let connection = try await SuperOfficeConnection.open(settings: try SuperOfficeSettings(environment: [:]), logger: Self.logger)
        let sandbox = try #require(connection.sandbox)
        #expect(connection.serverURL == sandbox.baseURL && !connection.isConfiguredServer && connection.credentialDescription == nil)
        var answer: Result<BlobEntity, WebAPIError>
        do throws(WebAPIError) {
            answer = .success(try await connection.client.projectImageInfo(projectId: 7, detail: .brief, logger: Self.logger))
        } catch {
            answer = .failure(error)
        }
        await connection.close()  // whatever the read answered
        let info = try answer.get()
        #expect(info.blobId == nil || info.blobId == 0)
    }

    @Test func aCredentialWithoutAServerIsRefusedNeverTheSandbox() async throws {
        let settings = try SuperOfficeSettings(environment: ["SO_TICKET": "7T:abc"])
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: settings, logger: Self.logger)
        } throws: { error in
            let error = error as? SuperOfficeConnectionError
            return error?.code == .invalidSettings && error?.settingsError?.code == .credentialWithoutServer
        }
    }

    @Test func aDryRunWithNothingConfiguredStartsNoSandbox() async throws {
        var options = SuperOfficeConnection.Options()
        options.dryRun = true
        let connection = try await SuperOfficeConnection.open(settings: try SuperOfficeSettings(environment: [:]), options: options, logger: Self.logger)
        #expect(connection.sandbox == nil && connection.serverURL == nil && !connection.isConfiguredServer)
        options.freshSandbox = true
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: try SuperOfficeSettings(environment: [:]), options: options, logger: Self.logger)
        } throws: { ($0 as? SuperOfficeConnectionError)?.code == .sandboxOptionMisplaced }
    }

    @Test func aServerRefusesSandboxOptionsAndPlainHTTPWithCredentials() async throws {
        let settings = try SuperOfficeSettings(environment: ["SO_BASE_URL": "http://crm.example.com/Cust1/", "SO_TICKET": "7T:abc"])
        var options = SuperOfficeConnection.Options()
        options.sandboxProjects = "projects.csv"
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: settings, options: options, logger: Self.logger)
        } throws: { ($0 as? SuperOfficeConnectionError)?.code == .sandboxOptionMisplaced }
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: settings, logger: Self.logger)
        } throws: { error in
            let error = error as? SuperOfficeConnectionError
            return error?.code == .insecureTransport && error?.webAPIError?.code == .insecureTransport && !"\(error!)".contains("7T:abc")
        }
        options = SuperOfficeConnection.Options()
        options.allowInsecureHTTP = true
        let connection = try await SuperOfficeConnection.open(settings: settings, options: options, logger: Self.logger)
        #expect(connection.isConfiguredServer && connection.serverLabel == "http://crm.example.com/Cust1/")
        #expect(connection.credentialDescription?.contains("SO_TICKET") == true && connection.secrets.contains("7T:abc"))
    }

    @Test func aCredentialsFileWithoutAServerIsRefusedNeverTheSandbox() async throws {
        var options = SuperOfficeConnection.Options()
        options.credentialsFile = "tenant.env"
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: try SuperOfficeSettings(environment: [:]), options: options, logger: Self.logger)
        } throws: { error in
            let error = error as? SuperOfficeConnectionError
            return error?.code == .invalidSettings && error?.settingsError?.code == .credentialWithoutServer
        }
    }

    @Test func aMissingSandboxCatalogueIsItsOwnCode() async throws {
        var options = SuperOfficeConnection.Options()
        options.sandboxProjects = "/nonexistent/projects.csv"
        await #expect {
            _ = try await SuperOfficeConnection.open(settings: try SuperOfficeSettings(environment: [:]), options: options, logger: Self.logger)
        } throws: { error in
            let error = error as? SuperOfficeConnectionError
            return error?.code == .invalidSandboxCatalogue && error?.sandboxError?.code == .invalidProjectCatalogue
        }
    }
}
