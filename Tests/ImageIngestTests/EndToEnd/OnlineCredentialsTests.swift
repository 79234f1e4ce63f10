import _CryptoExtras
import Foundation
import ImageFixtures
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// Issue #11 from the command line: a credentials file for the system user or OAuth flow against the
    /// sandbox's login side, the tenant looked up by context id, refusals that stop at once, no secret shown.
    @Suite struct OnlineCredentialsTests {
        /// A credentials file (mode 600) for `login` served at `loginURL`, with the key and certificate beside it.
        static func credentialsFile(
            in dir: TemporaryDirectory, login: SandboxLogin, loginURL: String, flow: String, refreshToken: String? = nil
        ) throws -> String {
            let key = try dir.write("app.key.pem", text: login.applicationPrivateKey.pkcs8PEMRepresentation)
            let certificate = try dir.write("superoffice.crt", text: login.certificatePEM)
            var lines = ["SO_CONTEXT_ID=\(login.contextIdentifier)", "SO_ENVIRONMENT=\(loginURL)",
                         "SO_CLIENT_SECRET=\(login.clientSecret)"]
            if flow == "oauth" {
                lines += ["SO_CLIENT_ID=\(login.clientId)", "SO_REFRESH_TOKEN=\(refreshToken ?? login.refreshTokens.first!)"]
            } else {
                lines += ["SO_SYSTEM_USER_TOKEN=\(login.systemUserToken)", "SO_PRIVATE_KEY_FILE=\(key)",
                          "SO_PUBLIC_CERT_FILE=\(certificate)"]
            }
            let path = try dir.write("so.env", text: lines.joined(separator: "\n") + "\n")
            chmod(path, 0o600)
            return path
        }

        static func secrets(of login: SandboxLogin) -> [String] {
            [login.clientSecret, login.systemUserToken] + Array(login.refreshTokens)
                + login.applicationPrivateKey.pkcs8PEMRepresentation.split(separator: "\n").map(String.init)
                    .filter { !$0.hasPrefix("-----") }
        }

        static let quietLogger = Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }

        static func sandboxConfiguration(_ login: SandboxLogin) -> SandboxConfiguration {
            var configuration = SandboxConfiguration(mode: .online, sitePath: login.contextIdentifier)
            configuration.login = login
            return configuration
        }

        @Test(arguments: ["system-user", "oauth"])
        func anImportLogsInLooksTheTenantUpAndShowsNoSecret(flow: String) async throws {
            let login = try SandboxLogin.generate(contextIdentifier: "Cust777")
            try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: Self.quietLogger) { sandbox in
                let dir = try TemporaryDirectory()
                let images = try TemporaryDirectory()
                defer { dir.remove(); images.remove() }
                try FixtureFolder.goodImages(in: images, count: 12, side: 16)
                let file = try Self.credentialsFile(in: dir, login: login, loginURL: sandbox.loginURL, flow: flow)
                // a renewal in the middle of the run: every ticket/token issued so far expires after the first upload
                let expiry = Task {
                    _ = await sandbox.waitForRequestLog { $0.contains { $0.operation == .uploadImage && $0.succeeded } }
                    await sandbox.expireIssuedCredentials()
                }
                let result = try await CLIRunner(extra: ["IMAGE_INGEST_LOG_LEVEL": "info"]).run(
                    ["import", images.path, "--credentials-file", file, "--json", "--log-format", "json", "--jobs", "2",
                     "--requests-per-second", "20"])
                expiry.cancel()
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.events("done").count == 12)
                #expect(result.stderr.contains("server: \(sandbox.baseURL) (Cust777, looked up at \(sandbox.loginURL))"), "\(result.stderr)")
                let log = await sandbox.requestLog()
                #expect(log.first?.operation == .tenantState)
                let renewals = log.filter { $0.operation == (flow == "oauth" ? .oauthToken : .authenticate) }
                // the first login, and a renewal after the expiry the run met (paced at 20 requests/s, it lasts ~2 s)
                #expect(renewals.count >= 2)
                #expect(Set(log.filter { $0.operation == .uploadImage && $0.succeeded }.compactMap(\.projectId)).count == 12)
                // log lines are JSON objects
                let logLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
                #expect(!logLines.isEmpty, "the renewal is logged at info: \(result.stderr)")
                #expect(logLines.allSatisfy { line in
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] != nil
                })
                let journal = try Data(contentsOf: URL(fileURLWithPath: images.path + "/.image-ingest/journal.sqlite"))
                for secret in Self.secrets(of: login) {
                    #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
                    #expect(journal.range(of: Data(secret.utf8)) == nil)
                }
            }
        }

        @Test func aRevokedRefreshTokenStopsAtOnceWithExit3AndNothingDone() async throws {
            let login = try SandboxLogin.generate()
            try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: Self.quietLogger) { sandbox in
                await sandbox.revoke(refreshToken: login.refreshTokens.first!)
                let dir = try TemporaryDirectory()
                let images = try TemporaryDirectory()
                defer { dir.remove(); images.remove() }
                try FixtureFolder.goodImages(in: images, count: 5, side: 16)
                let file = try Self.credentialsFile(in: dir, login: login, loginURL: sandbox.loginURL, flow: "oauth")
                let result = try await CLIRunner().run(["import", images.path, "--credentials-file", file, "--json"])
                #expect(result.status == 3, "\(result.stderr)")
                let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
                #expect(errors.count == 1 && errors[0].contains("invalid_grant"), "\(result.stderr)")
                #expect(result.events("done").isEmpty)
                #expect(await sandbox.requestLog().allSatisfy { $0.projectId == nil })
                for secret in Self.secrets(of: login) { #expect(!result.stderr.contains(secret)) }
            }
        }

        @Test func anIncompleteFlowIsAConfigurationErrorNamingWhatIsMissing() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("1.jpg", FixtureImage.jpeg(seed: 1))
            let partial = try await CLIRunner(extra: [
                "SO_SYSTEM_USER_TOKEN": "App-123", "SO_CLIENT_SECRET": "secret-abcdef-123", "SO_CONTEXT_ID": "Cust1",
                "SO_ENVIRONMENT": "sod",
            ]).run(["put", file, "--project", "1"])
            #expect(partial.status == 2)
            #expect(partial.stderr.contains("SO_PRIVATE_KEY_FILE, SO_PUBLIC_CERT_FILE"), "\(partial.stderr)")
            #expect(!partial.stderr.contains("secret-abcdef-123"))
            let noEnvironment = try await CLIRunner(extra: ["SO_CONTEXT_ID": "Cust1", "SO_BEARER_TOKEN": "token-xyz-1"])
                .run(["put", file, "--project", "1"])
            #expect(noEnvironment.status == 2)
            #expect(noEnvironment.stderr.contains("SO_CONTEXT_ID is set but SO_ENVIRONMENT is not"), "\(noEnvironment.stderr)")
        }
    }
}
