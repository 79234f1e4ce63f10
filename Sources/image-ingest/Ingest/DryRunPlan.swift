import ImageIngest
import SuperOfficeWebAPI

/// The lines a dry run prints on a terminal, one a file: which project it would go to (as people know it: id,
/// number and name, when the server was asked) and what would be done, or why it would not be imported.
enum DryRunPlan {
    /// A file that would be submitted.
    static func line(for outcome: IngestResult, project: ProjectSummary?) -> String {
        let why = switch outcome.plannedUpload {
        case .new?: " (new: the project has no picture)"
        case .different?: " (different: the project shows other content)"
        case .replace?: " (replace: --existing replace)"
        case nil: ""
        }
        return "  \(outcome.path) → project \(label(outcome.projectId, project)): would upload the bitmap and submit the ImageInfo\(why)"
    }

    /// A file that would not be worked on, and why.
    static func line(path: String, projectId: Int?, project: ProjectSummary?, reason: SkipReason) -> String {
        if let projectId { return "  \(path) → project \(label(projectId, project)): skip, \(reason)" }
        return "  \(path): not imported, \(reason)"
    }

    /// The project as people know it when it was looked up (`ProjectSummary.description`), else its id.
    static func label(_ projectId: Int, _ project: ProjectSummary?) -> String {
        project?.description ?? String(projectId)
    }
}
