import LibC

/// One entry found under an import folder.
package struct DiscoveredFile: Hashable, Sendable {
    /// What kind of entry it is; only regular files (or links to them) are ingested.
    package enum Kind: Hashable, Sendable {
        /// A regular file, or a symbolic link to one.
        case regular
        /// A file (of any kind) in a sub-folder that is walked only with `recursive`: listed so that the
        /// report accounts for it, never ingested by the name rules (a manifest row may still name it).
        case inSubfolder
        /// A FIFO, socket, device or dangling link: reported, never opened.
        case notRegular(String)
        /// A name that is not valid UTF-8 (kept readable in `relativePath`, but not openable by it).
        case undecodableName
        /// A directory that could not be listed, or a link back into a directory already walked.
        case unreadableDirectory(String)
    }

    /// The path relative to the import folder, with `/` separators.
    package var relativePath: String
    /// The kind of entry.
    package var kind: Kind
    /// A regular file's size, time stamp and inode as the walk's `stat` saw them: the plan's sizes and the
    /// resume decision use it, so a file is not stat'ed again before it is read (nil: not taken).
    package var snapshot: FileSnapshot?

    /// Creates an entry (tests and callers with their own listing use this).
    package init(relativePath: String, kind: Kind, snapshot: FileSnapshot? = nil) {
        self.relativePath = relativePath
        self.kind = kind
        self.snapshot = snapshot
    }
}

/// An import folder's entries, found by the package's one walk (`FolderWalk`).
///
/// Rules: names starting with `.` are skipped (so the import's own `.image-ingest/` folder is never input);
/// without `recursive`, the top level and the folders directly below it whose name is a project id
/// (all digits, for the `654/logo.png` rule) are walked, or every folder directly below it when
/// `everyFolderNamesAProject` (matching by number, name or key: any folder's name may be one); with it, every
/// level. The files of the other sub-folders are still listed, as `.inSubfolder`, so that nothing under the folder
/// goes unreported. A symbolic link to a folder is not followed: where the folder would be walked it is reported
/// (import the folder it names instead), so an import never takes files from outside the folder it was given.
package enum FileDiscovery {
    /// The folder the journal and other state of an import live in; never treated as input.
    package static let stateFolderName = ".image-ingest"

    /// Lists the entries under `folder`, sorted by relative path.
    /// - Throws: `IngestError` with stage `.discover` when the folder itself cannot be listed.
    package static func discover(in folder: String, recursive: Bool,
                                 everyFolderNamesAProject: Bool = false) throws(IngestError) -> [DiscoveredFile] {
        var rootStat = stat()
        guard stat(folder, &rootStat) == 0 else {
            throw IngestError(stage: .discover, code: .notFound, message: "no such folder", path: folder)
        }
        guard (rootStat.st_mode & S_IFMT) == S_IFDIR else {
            throw IngestError(stage: .discover, code: .notARegularFile, message: "not a folder", path: folder)
        }
        /// Whether a folder (or a link to one) named `name` at `depth` is walked for import.
        func walks(_ name: String, depth: Int) -> Bool {
            recursive || (depth == 0 && (everyFolderNamesAProject || ProjectMapper.projectId(fromDigits: name) != nil))
        }
        var found: [DiscoveredFile] = []
        let listed = FolderWalk.walk(RawPath(folder)) { folder in
            guard let name = String(validating: folder.name, as: UTF8.self) else {
                found.append(DiscoveredFile(relativePath: String(decoding: folder.relative, as: UTF8.self), kind: .undecodableName))
                return .skip
            }
            return walks(name, depth: folder.depth) ? .walk : .list
        } visit: { entry in
            let path = String(decoding: entry.relative, as: UTF8.self)
            if entry.listedOnly {
                // only listed: a file here is accounted for, whatever its kind; an unlistable folder holds nothing
                // that would be imported anyway
                if case .unlistable = entry.kind { return }
                found.append(DiscoveredFile(relativePath: path, kind: .inSubfolder))
                return
            }
            guard let name = String(validating: entry.name, as: UTF8.self) else {
                found.append(DiscoveredFile(relativePath: path, kind: .undecodableName))
                return
            }
            let kind: DiscoveredFile.Kind
            var snapshot: FileSnapshot? = nil
            switch entry.kind {
            case .file(let info):
                kind = .regular
                snapshot = try? FileSnapshot(info, displayPath: path)
            case .folderLink:
                kind = walks(name, depth: entry.depth)
                    ? .unreadableDirectory("a link to a folder, not followed: import the folder it names") : .inSubfolder
            case .danglingLink: kind = .notRegular("a dangling symbolic link")
            case .vanished: kind = .notRegular("vanished while listing")
            case .other(let what): kind = .notRegular(what)
            case .unlistable, .folder: kind = .unreadableDirectory("cannot list the folder")
            }
            found.append(DiscoveredFile(relativePath: path, kind: kind, snapshot: snapshot))
        }
        guard listed else {
            throw IngestError(stage: .discover, code: .unreadable, message: "cannot list the folder", path: folder)
        }
        return found.sorted { $0.relativePath < $1.relativePath }
    }
}
