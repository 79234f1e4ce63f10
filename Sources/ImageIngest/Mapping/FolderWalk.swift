import LibC

/// The one folder walk of the package, under both the import's folder (`FileDiscovery.discover`) and the folders
/// given to `Ingestor.probe` and `prepare` (`FileDiscovery.files(from:recursive:)`): visible names (hidden ones,
/// starting with `.`, skipped) in byte order, depth first, every entry classified with `lstat`, then `stat` for a
/// link. A symbolic link to a folder is never followed, so a walk never leaves the folder it was given (a link to
/// `..` or `/` cannot take it elsewhere) and cannot loop.
enum FolderWalk {
    /// What the walk does with a folder it meets.
    enum Descent {
        /// Walks it: its entries are visited as walked.
        case walk
        /// Visits its entries as `listedOnly` (and every folder below it the same way, without asking).
        case list
        /// Leaves it.
        case skip
    }

    /// One entry met by the walk.
    struct Entry {
        /// The path relative to the walked folder, `/`-separated, as the file system spells it.
        var relative: [UInt8]
        /// The entry's own name.
        var name: [UInt8]
        /// 0 for an entry directly in the walked folder.
        var depth: Int
        /// Whether the entry is below a folder that was only listed (``Descent/list``).
        var listedOnly: Bool
        /// What it is.
        var kind: Kind
    }

    /// What an entry is.
    enum Kind {
        /// A regular file, or a symbolic link to one: `stat`'s answer (the target's for a link).
        case file(stat)
        /// A folder (never a link to one).
        case folder
        /// A symbolic link to a folder: not followed.
        case folderLink
        /// A symbolic link to nothing.
        case danglingLink
        /// A FIFO, socket or device, in words (`a FIFO`).
        case other(String)
        /// Gone between the listing and its `lstat`.
        case vanished
        /// A folder whose entries could not be listed.
        case unlistable
    }

    /// Walks the folder at `root`: `enter` decides, for each folder walked into (not for those below a listed one),
    /// whether it is walked, listed or left; `visit` gets every other entry, and a folder that could not be listed.
    /// - Returns: false when `root` itself cannot be listed (nothing was visited).
    static func walk(_ root: RawPath, enter: (Entry) -> Descent, visit: (Entry) -> Void) -> Bool {
        walk(root, relative: [], depth: 0, listedOnly: false, enter: enter, visit: visit)
    }

    private static func walk(_ folder: RawPath, relative: [UInt8], depth: Int, listedOnly: Bool,
                             enter: (Entry) -> Descent, visit: (Entry) -> Void) -> Bool {
        guard let names = folder.withCString({ DirectoryListing.visibleNames(at: $0) }) else { return false }
        for name in names {
            let path = folder.child(name)
            var entry = Entry(relative: relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name, name: name, depth: depth,
                              listedOnly: listedOnly, kind: kind(of: path))
            guard case .folder = entry.kind else {
                visit(entry)
                continue
            }
            let descent = listedOnly ? .list : enter(entry)
            guard descent != .skip else { continue }
            if !walk(path, relative: entry.relative, depth: depth + 1, listedOnly: descent == .list, enter: enter, visit: visit) {
                entry.kind = .unlistable
                visit(entry)
            }
        }
        return true
    }

    private static func kind(of path: RawPath) -> Kind {
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0 else { return .vanished }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard path.withCString({ stat($0, &info) }) == 0 else { return .danglingLink }
            if (info.st_mode & S_IFMT) == S_IFDIR { return .folderLink }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(info)
        case S_IFDIR: return .folder
        default: return .other(FileSnapshot.kind(ofMode: info.st_mode))
        }
    }
}
