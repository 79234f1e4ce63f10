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

/// Walks an import folder with POSIX calls (no Foundation enumeration).
///
/// Rules: names starting with `.` are skipped (so the import's own `.image-ingest/` folder is never input);
/// without `recursive`, the top level and the folders directly below it whose name is a project id
/// (all digits, for the `654/logo.png` rule) are walked, or every folder directly below it when
/// `everyFolderNamesAProject` (matching by number, name or key: any folder's name may be one); with it, every
/// level. The files of the other
/// sub-folders are still listed, as `.inSubfolder`, so that nothing under the folder goes unreported.
/// Directory symlink loops are detected by device and inode and reported once, not followed.
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
        var walker = Walker(root: folder, recursive: recursive, everyFolderNamesAProject: everyFolderNamesAProject)
        walker.visited.insert(DirectoryIdentity(rootStat))
        guard walker.walk(relative: "", depth: 0, walked: true) else {
            throw IngestError(stage: .discover, code: .unreadable, message: "cannot list the folder", path: folder)
        }
        return walker.found.sorted { $0.relativePath < $1.relativePath }
    }

    private struct DirectoryIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ s: stat) {
            device = UInt64(s.st_dev)
            inode = UInt64(s.st_ino)
        }
    }

    private struct Walker {
        let root: String
        let recursive: Bool
        let everyFolderNamesAProject: Bool
        var visited: Set<DirectoryIdentity> = []
        var found: [DiscoveredFile] = []

        init(root: String, recursive: Bool, everyFolderNamesAProject: Bool) {
            self.root = root
            self.recursive = recursive
            self.everyFolderNamesAProject = everyFolderNamesAProject
        }

        func absolute(_ relative: String) -> String {
            relative.isEmpty ? root : (root.hasSuffix("/") ? root + relative : root + "/" + relative)
        }

        /// Returns false when the directory cannot be opened. Below a folder that is not `walked`, every file
        /// is listed as `.inSubfolder`.
        mutating func walk(relative: String, depth: Int, walked: Bool) -> Bool {
            guard let raw = absolute(relative).withCString({ DirectoryListing.visibleNames(at: $0) }) else { return false }
            let names = raw.map { bytes -> (String, Bool) in
                if let decoded = String(validating: bytes, as: UTF8.self) { return (decoded, true) }
                return (String(decoding: bytes, as: UTF8.self), false)
            }
            for (name, valid) in names.sorted(by: { $0.0 < $1.0 }) {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                guard valid else {
                    found.append(DiscoveredFile(relativePath: childRelative, kind: walked ? .undecodableName : .inSubfolder))
                    continue
                }
                visit(childRelative, name: name, depth: depth, walked: walked)
            }
            return true
        }

        mutating func visit(_ relative: String, name: String, depth: Int, walked: Bool) {
            let path = absolute(relative)
            var info = stat()
            if !walked {
                // only listed: a file here is accounted for, whatever its kind; folders are listed further
                if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    walkListed(relative, info: info, depth: depth)
                } else {
                    found.append(DiscoveredFile(relativePath: relative, kind: .inSubfolder))
                }
                return
            }
            guard stat(path, &info) == 0 else {
                // lstat succeeds for a dangling link; anything else vanished meanwhile.
                var linkInfo = stat()
                let what = lstat(path, &linkInfo) == 0 ? "a dangling symbolic link" : "vanished while listing"
                found.append(DiscoveredFile(relativePath: relative, kind: .notRegular(what)))
                return
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                found.append(DiscoveredFile(relativePath: relative, kind: .regular,
                                            snapshot: try? FileSnapshot(info, displayPath: relative)))
            case S_IFDIR:
                let walkIt = recursive
                    || (depth == 0 && (everyFolderNamesAProject || ProjectMapper.projectId(fromDigits: name) != nil))
                guard walkIt else {
                    walkListed(relative, info: info, depth: depth)
                    return
                }
                let identity = DirectoryIdentity(info)
                guard !visited.contains(identity) else {
                    found.append(DiscoveredFile(relativePath: relative, kind: .unreadableDirectory("a directory link loop")))
                    return
                }
                visited.insert(identity)
                if !walk(relative: relative, depth: depth + 1, walked: true) {
                    found.append(DiscoveredFile(relativePath: relative, kind: .unreadableDirectory("cannot list the folder")))
                }
                visited.remove(identity)
            default:
                found.append(DiscoveredFile(relativePath: relative, kind: .notRegular(FileSnapshot.kind(ofMode: info.st_mode))))
            }
        }

        /// Lists a folder that is not walked (its files become `.inSubfolder`); a link loop or an unlistable
        /// folder is skipped quietly, since nothing in it would be imported anyway.
        mutating func walkListed(_ relative: String, info: stat, depth: Int) {
            let identity = DirectoryIdentity(info)
            guard !visited.contains(identity) else { return }
            visited.insert(identity)
            _ = walk(relative: relative, depth: depth + 1, walked: false)
            visited.remove(identity)
        }
    }
}
