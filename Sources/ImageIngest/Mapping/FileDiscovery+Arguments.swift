import LibC

/// The files named on a command line or in a list (what `Ingestor.probe` and `Ingestor.prepare` take), as opposed
/// to an import folder's: every path given is kept in its place, and a folder among them stands for its files.
extension FileDiscovery {
    /// Up to this many given paths are told apart (file or folder) before the work starts; more are a shell glob's
    /// files, and each worker finds a folder among them when it meets one (a `stat` each up front would cost as
    /// much as the probe).
    package static let upFrontExpansionLimit = 64

    /// Whether `path` names a folder (following links).
    package static func isDirectory(_ path: RawPath) -> Bool {
        var info = stat()
        return path.withCString({ stat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Paths from `arguments`: files as given; folders expanded to their files in name (byte) order, subfolders
    /// too with `recursive`, by the package's one walk (`FolderWalk`): hidden entries skipped, symbolic links to
    /// folders not followed (so a link loop, or a link to `..`, cannot trap the walk). A path that does not exist stays in the
    /// list, so that it is reported as a failure in its place; so does a folder that cannot be listed.
    package static func files(from arguments: [RawPath], recursive: Bool) -> [RawPath] {
        var out: [RawPath] = []
        for argument in arguments {
            if isDirectory(argument) {
                walk(argument, recursive: recursive, into: &out)
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// The lines of a list file (`-` reads standard input) as paths; blank lines are skipped, CR/LF tolerated.
    /// - Throws: `IngestError` at `.discover` (`notFound`, `unreadable`, `io`) when the list cannot be read.
    package static func paths(listedIn listFile: String) throws(IngestError) -> [RawPath] {
        let fd = listFile == "-" ? 0 : open(listFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            var error = FileSnapshot.openError(code, path: listFile, displayPath: listFile)
            error.stage = .discover
            error.message = "cannot open \(listFile): \(String(cString: strerror(code)))"
            throw error
        }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let code = errno
                throw IngestError(stage: .discover, code: .io, message: "cannot read \(listFile): \(String(cString: strerror(code)))",
                                  path: listFile, cause: .system(errno: code))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return trimmed.isEmpty ? nil : RawPath(bytes: trimmed)
        }
    }

    private static func walk(_ directory: RawPath, recursive: Bool, into out: inout [RawPath]) {
        let listed = FolderWalk.walk(directory) { _ in recursive ? .walk : .skip } visit: { entry in
            // a link to a folder is not followed; anything else, a folder that cannot be listed too, is reported in its place
            if case .folderLink = entry.kind { return }
            out.append(directory.child(entry.relative))
        }
        if !listed { out.append(directory) }  // reported as unreadable in its place
    }
}
