/// Counts files in a row whose connection to the server could not be made, and holds their errors until
/// it is clear whether they are failures (the server answered another file) or pending work (the server
/// is gone and the import stops).
struct UnreachableStreak {
    let limit: Int
    private var held: [(projectId: Int, error: IngestError)] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Holds one file's connection failure; true when the streak reaches the limit.
    mutating func record(projectId: Int, error: IngestError) -> Bool {
        held.append((projectId, error))
        return held.count >= limit
    }

    /// Ends the streak, returning the held failures (to be reported as failures).
    mutating func settle() -> [(projectId: Int, error: IngestError)] {
        defer { held = [] }
        return held
    }
}
