/// A file that will be ingested into a project.
package struct PlannedFile: Hashable, Sendable {
    /// The path relative to the import folder (the journal's key).
    package var relativePath: String
    /// The project the file becomes the picture of.
    package var projectId: Int
    /// The Description from the manifest, if any (overrides the options').
    package var description: String?
    /// The ConceptualType from the manifest, if any (overrides the options').
    package var conceptualType: String?

    /// Creates a planned file.
    package init(relativePath: String, projectId: Int, description: String? = nil, conceptualType: String? = nil) {
        self.relativePath = relativePath
        self.projectId = projectId
        self.description = description
        self.conceptualType = conceptualType
    }
}

/// What an import will do before any file is read: the files to ingest, the files that map to no
/// project, and the entries that fail up front (two files for one project, FIFOs, unlistable folders…).
package struct ImportPlan: Hashable, Sendable {
    /// Files to ingest, in path order.
    package var files: [PlannedFile]
    /// Files that map to no project (listed in the report, never silently dropped).
    package var unmapped: [String]
    /// Entries that fail before reading, each with its reason (stage `.discover`).
    package var failures: [IngestError]

    /// Creates a plan.
    package init(files: [PlannedFile] = [], unmapped: [String] = [], failures: [IngestError] = []) {
        self.files = files
        self.unmapped = unmapped
        self.failures = failures
    }

    /// How many entries the plan accounts for.
    package var total: Int { files.count + unmapped.count + failures.count }
}

/// Decides which file goes to which project.
///
/// With a manifest, only its rows map files (a listed file that is missing fails as `notFound`; a
/// discovered file it does not list is unmapped). Without one, a file maps by the leading digits of its
/// name (`654.jpg`, `654-logo.png`), else by the nearest enclosing folder named by a project id
/// (`654/logo.png`). Two files mapping to one project is an error naming both, and neither is uploaded.
package enum ProjectMapper {
    /// The largest project id accepted (SuperOffice ids are 32-bit).
    package static let maximumProjectId = Int(Int32.max)

    /// The project id a whole string of ASCII digits names, or nil (empty, non-digits, zero, too large).
    package static func projectId(fromDigits text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int(text), value > 0, value <= maximumProjectId
        else { return nil }
        return value
    }

    /// The project id named by a file name's leading digits (`654.jpg`, `654-logo.png`, `654_a.png`), or nil.
    package static func projectId(fromFileName name: String) -> Int? {
        let digits = String(name.prefix(while: { $0.isASCII && $0.isNumber }))
        return projectId(fromDigits: digits)
    }

    /// The project for a relative path by the name rules (file name first, then the nearest folder), or nil.
    package static func projectId(forPath relativePath: String) -> Int? {
        var components = relativePath.split(separator: "/").map(String.init)
        guard let fileName = components.popLast() else { return nil }
        if let id = projectId(fromFileName: fileName) { return id }
        for folder in components.reversed() {
            if let id = projectId(fromDigits: folder) { return id }
        }
        return nil
    }

    /// Builds the plan for discovered entries.
    /// - Parameters:
    ///   - discovered: what `FileDiscovery` found.
    ///   - manifest: the manifest, when there is one.
    ///   - excluding: relative paths that are not input (e.g. the manifest itself when it lies in the folder).
    package static func plan(discovered: [DiscoveredFile], manifest: Manifest?, excluding: Set<String> = []) -> ImportPlan {
        var plan = ImportPlan()
        var candidates: [PlannedFile] = []
        var regular: Set<String> = []
        for entry in discovered where !excluding.contains(entry.relativePath) {
            switch entry.kind {
            case .regular:
                regular.insert(entry.relativePath)
            case .notRegular(let what):
                plan.failures.append(IngestError(stage: .discover, code: .notARegularFile,
                                                 message: "\(what), not a regular file", path: entry.relativePath))
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
                if regular.contains(row.path) {
                    candidates.append(PlannedFile(relativePath: row.path, projectId: row.projectId,
                                                  description: row.description, conceptualType: row.conceptualType))
                } else if !discovered.contains(where: { $0.relativePath == row.path }) {
                    plan.failures.append(IngestError(stage: .discover, code: .notFound,
                                                     message: "listed in the manifest (line \(row.line)) but not found",
                                                     path: row.path))
                }
            }
            plan.unmapped = regular.filter { !listed.contains($0) }.sorted()
        } else {
            for path in regular.sorted() {
                if let id = projectId(forPath: path) {
                    candidates.append(PlannedFile(relativePath: path, projectId: id))
                } else {
                    plan.unmapped.append(path)
                }
            }
        }
        let byProject = Dictionary(grouping: candidates, by: \.projectId)
        for file in candidates.sorted(by: { $0.relativePath < $1.relativePath }) {
            let sharing = byProject[file.projectId] ?? []
            if sharing.count > 1 {
                let others = sharing.map(\.relativePath).filter { $0 != file.relativePath }
                plan.failures.append(IngestError(
                    stage: .discover, code: .duplicateProject,
                    message: "project \(file.projectId) has more than one file: \(([file.relativePath] + others).joined(separator: ", "))",
                    path: file.relativePath))
            } else {
                plan.files.append(file)
            }
        }
        plan.failures.sort { ($0.path ?? "") < ($1.path ?? "") }
        return plan
    }
}
