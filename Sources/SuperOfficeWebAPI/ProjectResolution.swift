/// What a key resolved to (see `SuperOfficeClient.resolveProjects(_:by:logger:)`).
public enum ProjectResolution: Sendable, Hashable {
    /// Exactly one project has the key.
    case found(ProjectSummary)
    /// No project has the key (also for an empty key, or an id key that is not a decimal project id).
    case noSuchProject
    /// Two or more projects have the key: every one of them, sorted by `projectId`. Nothing is guessed.
    case ambiguous([ProjectSummary])

    /// The project when exactly one was found.
    public var project: ProjectSummary? {
        if case .found(let project) = self { return project }
        return nil
    }
}
