import LibC

/// One folder's entries as the file system spells them: the one `readdir` loop of the package, under its one walk
/// (`FolderWalk`).
package enum DirectoryListing {
    /// The names in the folder at `path` (NUL-terminated), as raw bytes, without the hidden ones (starting with
    /// `.`, which also drops `.` and `..`), in byte order; nil when the folder cannot be opened.
    package static func visibleNames(at path: UnsafePointer<CChar>) -> [[UInt8]]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if name.first == UInt8(ascii: ".") { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names
    }
}
