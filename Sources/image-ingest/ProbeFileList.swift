#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the probe command's arguments into the ordered list of files to look at.
enum ProbeFileList {
    /// Paths from the arguments: files as given; folders expanded to their files in name order
    /// (subfolders too with `recursive`; hidden entries and symlinked folders are skipped inside
    /// folders so a link loop cannot trap the walk). A path that does not exist stays in the list,
    /// so it is reported as a failure in its place.
    static func expand(_ arguments: [String], recursive: Bool) -> [String] {
        var out: [String] = []
        for argument in arguments {
            var info = stat()
            if stat(argument, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                walk(argument, recursive: recursive, into: &out)
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// Lines of a list file (`-` reads standard input); blank lines are skipped, CR/LF tolerated.
    static func lines(ofListFile listFile: String) throws -> [String] {
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
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
    }

    private static func walk(_ directory: String, recursive: Bool, into out: inout [String]) {
        guard let dir = opendir(directory) else {
            out.append(directory)  // reported as unreadable in its place
            return
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(dir)
        names.sort()
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            let path = prefix + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                out.append(path)
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if recursive { walk(path, recursive: true, into: &out) }
            case S_IFLNK:
                // A link to a file is probed; a link to a folder is not followed.
                var target = stat()
                if stat(path, &target) != 0 || (target.st_mode & S_IFMT) != S_IFDIR { out.append(path) }
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
