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
