public import SuperOfficeWebAPI

extension SandboxConfiguration {
    /// The credentials a sandbox accepts, read from an environment as every `image-ingest` command reads it
    /// (`SuperOfficeSettings`): each static credential set there (`SO_TICKET` with `SO_APP_TOKEN`, `SO_BEARER_TOKEN`,
    /// `SO_USERNAME` with `SO_PASSWORD`); with none set, the documented demo credential
    /// (``demoCredentials(mode:)``), and `isDemo` says so.
    /// - Parameters:
    ///   - environment: The variables, e.g. `ProcessInfo.processInfo.environment` (a dictionary, so tests pass one).
    ///   - mode: Online needs `SO_APP_TOKEN` beside `SO_TICKET`.
    /// - Throws: ``SandboxError`` with code `invalidConfiguration` when the settings are malformed or a ticket lacks
    ///   its app token online.
    public static func acceptedCredentials(
        environment: [String: String], mode: Mode
    ) throws(SandboxError) -> (credentials: [Credentials], isDemo: Bool) {
        let settings: SuperOfficeSettings
        do throws(SettingsError) {
            settings = try SuperOfficeSettings(environment: environment)
        } catch {
            throw SandboxError(code: .invalidConfiguration, message: error.message)
        }
        let accepted = settings.staticCredentials
        if mode == .online, accepted.contains(where: { if case .soTicket(_, nil) = $0 { true } else { false } }) {
            throw SandboxError(code: .invalidConfiguration, message: "--online with SO_TICKET needs SO_APP_TOKEN as well")
        }
        return accepted.isEmpty ? ([demoCredentials(mode: mode)], true) : (accepted, false)
    }

    /// Parses a comma-separated list of positive project ids (`--project-ids 1,2,3`; spaces ignored).
    /// - Throws: ``SandboxError`` with code `invalidConfiguration` naming the expected form.
    public static func projectIds(parsing list: String) throws(SandboxError) -> Set<Int> {
        var ids = Set<Int>()
        for piece in list.split(separator: ",") {
            guard let id = Int(piece.filter { $0 != " " }), id > 0 else {
                throw SandboxError(code: .invalidConfiguration, message: "--project-ids takes positive ids separated by commas, e.g. 1,2,3")
            }
            ids.insert(id)
        }
        return ids
    }

    /// Parses a comma-separated list of operation names (`--fault-operations uploadImage,putImageInfo`; spaces
    /// ignored), the operations `SandboxFaults.operations` confines faults to.
    /// - Throws: ``SandboxError`` with code `invalidConfiguration` naming the operations there are, for an unknown
    ///   name or an empty list.
    public static func operations(parsing list: String) throws(SandboxError) -> Set<SandboxOperation> {
        let known = SandboxOperation.allCases.filter { $0 != .unknown }
        var operations = Set<SandboxOperation>()
        for name in list.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            guard let operation = known.first(where: { $0.rawValue == name }) else {
                throw SandboxError(code: .invalidConfiguration, message: "--fault-operations: no operation \(name) (one of "
                    + known.map(\.rawValue).joined(separator: ", ") + ")")
            }
            operations.insert(operation)
        }
        guard !operations.isEmpty else {
            throw SandboxError(code: .invalidConfiguration, message: "--fault-operations names no operation (e.g. uploadImage,putImageInfo)")
        }
        return operations
    }
}
