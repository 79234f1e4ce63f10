import ImageIngest

/// What is wrong with a project id given on the command line, in words.
enum ProjectIdProblem {
    /// Nil when `id` is a usable project id; otherwise what is wrong with it.
    static func check(_ id: Int) -> String? {
        if id < 0 { return "a project id cannot be negative" }
        if id == 0 { return "project ids start at 1" }
        if id > ProjectMapper.maximumProjectId {
            return "too large: project ids go up to \(ProjectMapper.maximumProjectId)"
        }
        return nil
    }
}
