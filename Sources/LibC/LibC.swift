// The platform's C library (Glibc on Debian and Ubuntu, Musl for static Linux builds, Darwin on macOS),
// re-exported under one name: a file that calls POSIX (open, pread, stat, kill, …) says `import LibC` instead
// of repeating the platform conditionals.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#else
#error("LibC: no C library module for this platform")
#endif

/// The mode (type and permission bits) of the file at `path`, links followed; nil when `stat` fails (`errno` says
/// why). For modules where another import also declares `struct stat` (and its members then need that import).
public func fileMode(atPath path: String) -> UInt32? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return UInt32(info.st_mode)
}

/// The mode of an open file descriptor; nil when `fstat` fails.
public func fileMode(ofDescriptor descriptor: Int32) -> UInt32? {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    return UInt32(info.st_mode)
}
