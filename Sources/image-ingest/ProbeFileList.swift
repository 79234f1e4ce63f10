import ImageIngest

import LibC

/// A path as the file system spells it (raw bytes, so names that are not UTF-8 still open),
/// and the text shown for it (invalid UTF-8 repaired with U+FFFD).
struct ProbePath: Sendable {
    /// The raw path, NUL-terminated.
    let raw: [CChar]
    /// The path for output.
    let display: String

    init(_ text: String) {
        raw = Array(text.utf8CString)
        display = text
    }

    init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        raw = bytes.map { CChar(bitPattern: $0) } + [0]
        display = String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes without the terminating NUL.
    var bytes: [UInt8] { raw.dropLast().map { UInt8(bitPattern: $0) } }

    func child(_ name: [UInt8]) -> ProbePath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        return ProbePath(bytes: joined + name)
    }

    func withCString<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        raw.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Turns the probe command's arguments into the ordered list of files to look at.
enum ProbeFileList {
    /// Up to this many command-line paths are told apart (file or folder) before probing; more are a shell
    /// glob's files, and the workers find the folders among them (see `ProbeTask.outcomes(for:isArgument:)`).
    static let upFrontExpansionLimit = 64

    /// Whether `path` names a folder (following links).
    static func isDirectory(_ path: ProbePath) -> Bool {
        var info = stat()
        return path.withCString({ stat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Paths from the arguments: files as given; folders expanded to their files in name order
    /// (subfolders too with `recursive`; hidden entries and symlinked folders are skipped inside
    /// folders so a link loop cannot trap the walk). A path that does not exist stays in the list,
    /// so it is reported as a failure in its place.
    static func expand(_ arguments: [ProbePath], recursive: Bool) -> [ProbePath] {
        var out: [ProbePath] = []
        for argument in arguments {
            var info = stat()
            if argument.withCString({ stat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                walk(argument, recursive: recursive, into: &out)
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// Lines of a list file (`-` reads standard input) as raw paths; blank lines are skipped,
    /// CR/LF tolerated.
    static func lines(ofListFile listFile: String) throws -> [ProbePath] {
        let fd = listFile == "-" ? 0 : open(listFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ProbeCommandError("cannot open \(listFile): \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ProbeCommandError("cannot read \(listFile): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return trimmed.isEmpty ? nil : ProbePath(bytes: trimmed)
        }
    }

    private static func walk(_ directory: ProbePath, recursive: Bool, into out: inout [ProbePath]) {
        guard let names = directory.withCString({ DirectoryListing.visibleNames(at: $0) }) else {
            out.append(directory)  // reported as unreadable in its place
            return
        }
        for name in names {
            let path = directory.child(name)
            var info = stat()
            guard path.withCString({ lstat($0, &info) }) == 0 else {
                out.append(path)
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if recursive { walk(path, recursive: true, into: &out) }
            case S_IFLNK:
                // A link to a file is probed; a link to a folder is not followed.
                var target = stat()
                if path.withCString({ stat($0, &target) }) != 0 || (target.st_mode & S_IFMT) != S_IFDIR { out.append(path) }
            default:
                out.append(path)
            }
        }
    }
}

/// A usage problem of the probe command (bad list file).
struct ProbeCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
