import ImageIngest

/// The lines a dry run prints on a terminal, one a file: which project it would go to and what would be
/// done, or why it would not be imported.
enum DryRunPlan {
    /// A file that would be submitted.
    static func line(for outcome: FileOutcome) -> String {
        let why = switch outcome.plannedUpload {
        case .new?: " (new: the project has no picture)"
        case .different?: " (different: the project shows other content)"
        case .replace?: " (replace: --existing replace)"
        case nil: ""
        }
        return "  \(outcome.path) → project \(outcome.projectId): would upload the bitmap and submit the ImageInfo\(why)"
    }

    /// A file that would not be worked on, and why.
    static func line(path: String, projectId: Int?, reason: SkipReason) -> String {
        if let projectId { return "  \(path) → project \(projectId): skip, \(reason)" }
        return "  \(path): not imported, \(reason)"
    }
}
