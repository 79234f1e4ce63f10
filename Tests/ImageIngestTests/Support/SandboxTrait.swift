import Logging
import SuperOfficeSandbox
import Testing

/// Runs a test inside `SandboxServer.withSandbox`: the sandbox starts before the test, is
/// `SandboxHarness.current` while it runs, and is shut down (awaited) after it, also when the test throws.
///
/// ```swift
/// @Test(.sandbox(SandboxConfiguration(faults: faults))) func importsDespiteFaults() async throws {
///     let sandbox = try #require(SandboxHarness.current)
/// ```
struct SandboxTrait: TestTrait, TestScoping {
    let configuration: SandboxConfiguration

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let logger = Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        try await SandboxServer.withSandbox(configuration, logger: logger) { server in
            try await SandboxHarness.$current.withValue(SandboxHarness(server: server)) {
                try await function()
            }
        }
    }
}

extension Trait where Self == SandboxTrait {
    /// An in-process sandbox with `configuration` around the test, as `SandboxHarness.current`.
    static func sandbox(_ configuration: SandboxConfiguration = SandboxConfiguration()) -> Self {
        SandboxTrait(configuration: configuration)
    }
}
