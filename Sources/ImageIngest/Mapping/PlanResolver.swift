import Logging
import SuperOfficeWebAPI

/// The resolve stage of a folder import: every key of the plan is looked up on the server once, before any
/// file is read, and each file gets its project, or fails as `noSuchProject` / `ambiguousProject` (never a
/// guess). Two files that resolve to one project fail as `duplicateProject`, as with ids.
struct PlanResolver: Sendable {
    let client: SuperOfficeClient
    let match: ProjectMatch
    let logger: Logger

    /// Resolves the plan's files in place.
    /// - Parameter known: keys resolved by an earlier run (the journal), not looked up again.
    /// - Returns: the keys this call resolved to one project each, for the journal.
    /// - Throws: `IngestError` (stage `.resolve`) when the server cannot be asked: unreachable, refused, …
    func resolve(_ plan: inout ImportPlan, known: [String: ProjectSummary]) async throws(IngestError) -> [String: ProjectSummary] {
        var wanted: Set<String> = []
        for file in plan.files { for key in file.keys where known[key] == nil { wanted.insert(key) } }
        var answers: [String: ProjectResolution] = [:]
        if !wanted.isEmpty {
            logger.debug("looking projects up", metadata: ["match": "\(match)", "keys": "\(wanted.count)"])
            do {
                answers = try await client.resolveProjects(wanted.sorted(), by: match, logger: logger)
            } catch {
                var failure = WebAPIErrorMapping.ingestError(error, stage: .resolve, path: nil)
                failure.message = "cannot look the projects up by \(ProjectLabel.keyName(match)): \(failure.message)"
                throw failure
            }
        }
        var resolved: [String: ProjectSummary] = [:]
        var files: [PlannedFile] = []
        for var file in plan.files {
            var decided: ProjectResolution = .noSuchProject
            var decidingKey = file.keys.first ?? ""
            for key in file.keys {
                let answer = known[key].map(ProjectResolution.found) ?? answers[key] ?? .noSuchProject
                if answer != .noSuchProject {
                    decided = answer
                    decidingKey = key
                    break
                }
            }
            switch decided {
            case .found(let project):
                if known[decidingKey] == nil { resolved[decidingKey] = project }
                file.projectId = project.projectId
                file.project = project
                files.append(file)
            case .noSuchProject:
                let tried = file.keys.map { "\"\($0)\"" }.joined(separator: " or ")
                plan.failures.append(IngestError(
                    stage: .resolve, code: .noSuchProject,
                    message: "no project has \(ProjectLabel.keyName(match)) \(tried)", path: file.relativePath))
            case .ambiguous(let projects):
                plan.failures.append(IngestError(
                    stage: .resolve, code: .ambiguousProject,
                    message: "\(projects.count) projects have \(ProjectLabel.keyName(match)) \"\(decidingKey)\": "
                        + projects.map(\.description).joined(separator: "; ") + " (name the project by its id)",
                    path: file.relativePath))
            }
        }
        plan.files = files
        ProjectMapper.separateDuplicates(&plan)
        return resolved
    }
}
