import LibC

/// The files of `Ingestor.probe` and `Ingestor.prepare`: the given paths (folders expanded by `FileDiscovery`) and
/// a list file's, worked on `jobs` at a time (`OrderedWork`) and handed over in input order.
struct FileListWork: Sendable {
    /// The paths in input order; the first `mayBeFolders` are given paths not told apart up front (see
    /// `FileDiscovery.upFrontExpansionLimit`), each expanded where it stands when it turns out to be a folder.
    var paths: [RawPath]
    var mayBeFolders: Int
    var recursive: Bool

    /// The given paths, then the list file's lines.
    init(paths given: [RawPath], listFile: String?, recursive: Bool) throws(IngestError) {
        let expandInWorkers = given.count > FileDiscovery.upFrontExpansionLimit
        var paths = expandInWorkers ? given : FileDiscovery.files(from: given, recursive: recursive)
        if let listFile { paths += try FileDiscovery.paths(listedIn: listFile) }
        self.paths = paths
        self.mayBeFolders = expandInWorkers ? given.count : 0
        self.recursive = recursive
    }

    /// The number of cores online: the default number of files worked on at once.
    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs `work` on every file, `jobs` batches of `batch` files at a time, and calls `deliver` on the caller's task
    /// for each file in input order. A given path whose outcome `mayBeFolder` (a read failure) is looked at again:
    /// a folder's files are worked on in its place.
    func run<Outcome: Sendable>(
        jobs: Int?, batch: Int, work: @escaping @Sendable (RawPath) async -> Outcome,
        mayBeFolder: @escaping @Sendable (Outcome) -> Bool, deliver: (RawPath, Outcome) -> Void
    ) async {
        let list = paths
        let step = max(1, batch)
        let batches = stride(from: 0, to: list.count, by: step).map { $0..<min($0 + step, list.count) }
        let mayBeFolders = self.mayBeFolders
        let recursive = self.recursive
        await OrderedWork.run(count: batches.count, width: jobs ?? Self.cores, work: { index -> [(RawPath, Outcome)] in
            var outcomes: [(RawPath, Outcome)] = []
            for offset in batches[index] {
                let path = list[offset]
                let outcome = await work(path)
                // costs nothing for a file: only a path refused as unreadable is looked at again
                guard offset < mayBeFolders, mayBeFolder(outcome), FileDiscovery.isDirectory(path) else {
                    outcomes.append((path, outcome))
                    continue
                }
                for file in FileDiscovery.files(from: [path], recursive: recursive) { outcomes.append((file, await work(file))) }
            }
            return outcomes
        }, deliver: { (_, outcomes: [(RawPath, Outcome)]) in
            for (path, outcome) in outcomes { deliver(path, outcome) }
        })
    }
}
