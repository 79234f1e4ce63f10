/// The one rule for a project id, shared by the client, the import's name rules, the command line and the
/// sandbox: SuperOffice ids are positive 32-bit integers.
public enum ProjectIdentifier {
    /// The largest project id (`Int32.max`).
    public static let maximum = Int(Int32.max)

    /// Whether `id` can name a project.
    public static func isValid(_ id: Int) -> Bool { id >= 1 && id <= maximum }

    /// What is wrong with `id`, in words; nil when it is valid.
    public static func problem(with id: Int) -> String? {
        if id < 0 { return "a project id cannot be negative" }
        if id == 0 { return "project ids start at 1" }
        if id > maximum { return "too large: project ids go up to \(maximum)" }
        return nil
    }
}
