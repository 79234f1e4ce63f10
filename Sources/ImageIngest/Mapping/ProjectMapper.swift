package import SuperOfficeWebAPI

/// A file that will be ingested into a project.
package struct PlannedFile: Hashable, Sendable {
    /// The path relative to the import folder (the journal's key).
    package var relativePath: String
    /// The project the file becomes the picture of; 0 until its key is resolved (matching by number, name or key).
    package var projectId: Int
    /// The keys the file carries, in the order they are tried (the first that names a project decides): its
    /// id's digits, or its number, name or outside key (`ProjectMapper.keys(forPath:match:)`, or a manifest row).
    package var keys: [String]
    /// The project as people know it (id, number, name), once it was looked up on the server.
    package var project: ProjectSummary?
    /// The Description from the manifest, if any (overrides the options').
    package var description: String?
    /// The ConceptualType from the manifest, if any (overrides the options').
    package var conceptualType: String?
    /// What the folder walk's `stat` saw (`DiscoveredFile.snapshot`); nil when it was not taken.
    package var snapshot: FileSnapshot?

    /// Creates a planned file.
    package init(relativePath: String, projectId: Int, keys: [String]? = nil, description: String? = nil,
                 conceptualType: String? = nil, snapshot: FileSnapshot? = nil) {
        self.relativePath = relativePath
        self.projectId = projectId
        self.keys = keys ?? [String(projectId)]
        self.project = nil
        self.description = description
        self.conceptualType = conceptualType
        self.snapshot = snapshot
    }
}

/// What an import will do before any file is read: the files to ingest, every other file with the reason it
/// is not (no project in its name, an ambiguous name, not in the manifest, in a sub-folder not walked), and
/// the entries that fail up front (two files for one project, FIFOs, unlistable folders…). Nothing under the
/// folder is left out.
package struct ImportPlan: Hashable, Sendable {
    /// Files to ingest, in path order.
    package var files: [PlannedFile]
    /// Files that map to no project by the name rules (listed in the report, never silently dropped).
    package var unmapped: [String]
    /// Files whose name starts with digits in a form the name rule does not accept (`2024-01-05 visit.jpg`,
    /// `20240106_101010.jpg`, `7.5.jpg`): not mapped, so that no date lands on a project of that number.
    package var ambiguous: [String]
    /// Why each of those is ambiguous, by path (the rule's own words, kept from the plan to the report).
    package var ambiguityReasons: [String: String] = [:]
    /// With a manifest: files it does not list.
    package var notInManifest: [String]
    /// Files in sub-folders that are walked only with `recursive` (and that no manifest row names).
    package var inSubfolder: [String]
    /// Entries that fail before reading, each with its reason (stage `.discover`).
    package var failures: [IngestError]

    /// Creates a plan.
    package init(files: [PlannedFile] = [], unmapped: [String] = [], ambiguous: [String] = [], notInManifest: [String] = [],
                inSubfolder: [String] = [], failures: [IngestError] = []) {
        self.files = files
        self.unmapped = unmapped
        self.ambiguous = ambiguous
        self.notInManifest = notInManifest
        self.inSubfolder = inSubfolder
        self.failures = failures
    }

    /// Files found but not to be imported, for any of the reasons above (failures not included).
    package var notImported: Int { unmapped.count + ambiguous.count + notInManifest.count + inSubfolder.count }

    /// How many entries the plan accounts for.
    package var total: Int { files.count + notImported + failures.count }
}

/// Decides which file goes to which project.
///
/// With a manifest, only its rows map files (a listed file that is missing fails as `notFound`; a
/// discovered file it does not list is reported as not in the manifest). Without one, a file maps by its
/// name (`654.jpg`, `654-logo.png`; see `FileNameMatch`: `2024-01-05 visit.jpg` is ambiguous, not project
/// 2024), else by the nearest enclosing folder named by a project id (`654/logo.png`). Two files mapping to
/// one project is an error naming both, and neither is uploaded.
package enum ProjectMapper {
    /// The largest project id accepted (SuperOffice ids are 32-bit).
    package static let maximumProjectId = ProjectIdentifier.maximum

    /// The project id a whole string of ASCII digits names, or nil (empty, non-digits, leading zeros, zero, too
    /// large).
    package static func projectId(fromDigits text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              text.utf8.first != 0x30,
              let value = Int(text), ProjectIdentifier.isValid(value)
        else { return nil }
        return value
    }

    /// The project id a file name names by the name rule (`654.jpg`, `654-logo.png`, `654_a.png`), or nil
    /// (also for an ambiguous name such as `2024-01-05.jpg`).
    package static func projectId(fromFileName name: String) -> Int? {
        if case .project(let id) = FileNameMatch(fileName: name) { return id }
        return nil
    }

    /// What the name rules say for a relative path: the file name first; when it names no project (or
    /// ambiguously), the nearest folder named by a project id; else the file name's answer.
    package static func match(forPath relativePath: String) -> FileNameMatch {
        var components = relativePath.split(separator: "/").map(String.init)
        guard let fileName = components.popLast() else { return .none }
        let byName = FileNameMatch(fileName: fileName)
        if case .project = byName { return byName }
        for folder in components.reversed() {
            if let id = projectId(fromDigits: folder) { return .project(id) }
        }
        return byName
    }

    /// The project for a relative path by the name rules (file name first, then the nearest folder), or nil.
    package static func projectId(forPath relativePath: String) -> Int? {
        if case .project(let id) = match(forPath: relativePath) { return id }
        return nil
    }

    /// Builds the plan for discovered entries.
    /// - Parameters:
    ///   - discovered: what `FileDiscovery` found.
    ///   - manifest: the manifest, when there is one.
    ///   - excluding: relative paths that are not input (e.g. the manifest itself when it lies in the folder).
    ///   - match: how file names (without a manifest) name projects; a manifest says its own.
    package static func plan(discovered: [DiscoveredFile], manifest: Manifest?, match: ProjectMatch = .id,
                             excluding: Set<String> = []) -> ImportPlan {
        var plan = ImportPlan()
        var candidates: [PlannedFile] = []
        var regular: Set<String> = []
        var notWalked: Set<String> = []
        var snapshots: [String: FileSnapshot] = [:]
        for entry in discovered where !excluding.contains(entry.relativePath) {
            switch entry.kind {
            case .regular:
                regular.insert(entry.relativePath)
                snapshots[entry.relativePath] = entry.snapshot
            case .inSubfolder:
                notWalked.insert(entry.relativePath)
            case .notRegular(let what):
                plan.failures.append(IngestError(stage: .discover, code: .notARegularFile,
                                                 message: FileSnapshot.notRegularMessage(kind: what), path: entry.relativePath))
            case .undecodableName:
                plan.failures.append(IngestError(stage: .discover, code: .unreadable,
                                                 message: "the file name is not valid UTF-8; rename it", path: entry.relativePath))
            case .unreadableDirectory(let why):
                plan.failures.append(IngestError(stage: .discover, code: .unreadable, message: why, path: entry.relativePath))
            }
        }
        if let manifest {
            var listed: Set<String> = []
            for row in manifest.entries {
                listed.insert(row.path)
                // a row names its file wherever it lies: the manifest is the list, `recursive` or not
                if regular.contains(row.path) || notWalked.contains(row.path) {
                    candidates.append(PlannedFile(relativePath: row.path, projectId: row.projectId ?? 0, keys: [row.key],
                                                  description: row.description, conceptualType: row.conceptualType,
                                                  snapshot: snapshots[row.path]))
                } else if !discovered.contains(where: { $0.relativePath == row.path }) {
                    plan.failures.append(IngestError(stage: .discover, code: .notFound,
                                                     message: "listed in the manifest (line \(row.line)) but not found",
                                                     path: row.path))
                }
            }
            plan.notInManifest = regular.filter { !listed.contains($0) }.sorted()
            plan.inSubfolder = notWalked.filter { !listed.contains($0) }.sorted()
        } else if match != .id {
            for path in regular.sorted() {
                let keys = Self.keys(forPath: path, match: match)
                if keys.isEmpty {
                    plan.unmapped.append(path)
                } else {
                    candidates.append(PlannedFile(relativePath: path, projectId: 0, keys: keys, snapshot: snapshots[path]))
                }
            }
            plan.inSubfolder = notWalked.sorted()
        } else {
            for path in regular.sorted() {
                switch Self.match(forPath: path) {
                case .project(let id): candidates.append(PlannedFile(relativePath: path, projectId: id, snapshot: snapshots[path]))
                case .ambiguous(let why):
                    plan.ambiguous.append(path)
                    plan.ambiguityReasons[path] = why
                case .none: plan.unmapped.append(path)
                }
            }
            plan.inSubfolder = notWalked.sorted()
        }
        plan.files = candidates.sorted { $0.relativePath < $1.relativePath }
        separateDuplicates(&plan)
        return plan
    }

    /// Moves every file that shares its project with another file into the failures (`duplicateProject`,
    /// naming all of them): neither is uploaded. Files not resolved yet (project 0) are left alone.
    package static func separateDuplicates(_ plan: inout ImportPlan) {
        let byProject = Dictionary(grouping: plan.files.filter { $0.projectId != 0 }, by: \.projectId)
        var kept: [PlannedFile] = []
        for file in plan.files {
            let sharing = file.projectId == 0 ? [] : byProject[file.projectId] ?? []
            if sharing.count > 1 {
                let others = sharing.map(\.relativePath).filter { $0 != file.relativePath }
                plan.failures.append(IngestError(
                    stage: file.project == nil ? .discover : .resolve, code: .duplicateProject,
                    message: "project \(file.project.map(\.description) ?? String(file.projectId)) has more than one file: "
                        + ([file.relativePath] + others).joined(separator: ", "),
                    path: file.relativePath))
            } else {
                kept.append(file)
            }
        }
        plan.files = kept
        plan.failures.sort { ($0.path ?? "") < ($1.path ?? "") }
    }

    /// The keys a file's place gives it when matching by number, name or an outside key, in the order they are
    /// tried: for a file in a folder, the folder's name (`P-10042/front.jpg` → `P-10042`); else the whole stem
    /// (the name without its last extension: `Harbour crane upgrade.jpg` → `Harbour crane upgrade`), and when
    /// matching by number and the stem holds a space, also the part before the first space (`10042 Harbour
    /// crane.jpg` → `10042 Harbour crane`, then `10042`). Keys are trimmed and NFC; an empty one is none.
    package static func keys(forPath relativePath: String, match: ProjectMatch) -> [String] {
        var components = relativePath.split(separator: "/").map(String.init)
        guard let fileName = components.popLast() else { return [] }
        if let folder = components.last {
            let key = ProjectMatch.normalizedKey(folder)
            return key.isEmpty ? [] : [key]
        }
        var stem = Substring(fileName)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        let whole = ProjectMatch.normalizedKey(String(stem))
        guard !whole.isEmpty else { return [] }
        var keys = [whole]
        if match == .number, let space = whole.firstIndex(of: " ") {
            let first = ProjectMatch.normalizedKey(String(whole[..<space]))
            if !first.isEmpty { keys.append(first) }
        }
        return keys
    }
}
