#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// What one child process did: its exit status, wall time and peak resident set size.
struct ChildOutcome {
    var exitStatus: Int32
    var seconds: Double
    /// Peak RSS of the child, in bytes (from `wait4`'s `ru_maxrss`).
    var peakRSSBytes: Int
    /// What the child wrote to stdout.
    var standardOutput: String
}

/// Runs `arguments` with `environment` added to ours, stdout captured to a temporary file, stderr to
/// `/dev/null`, and reports the child's own peak RSS.
///
/// The RSS comes from GNU time (`/usr/bin/time -f %M`), which forks a copy of itself: `posix_spawn`
/// shares the driver's address space until exec, so `wait4`'s `ru_maxrss` would count the driver too.
func runChild(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildOutcome {
    let outputPath = NSTemporaryDirectory() + "ingest-bench-\(getpid())-\(UInt32.random(in: 0 ... .max)).out"
    let rssPath = outputPath + ".rss"
    defer {
        unlink(outputPath)
        unlink(rssPath)
    }
    guard access("/usr/bin/time", X_OK) == 0 else { throw BenchError("needs GNU time: apt-get install time") }
    let arguments = ["/usr/bin/time", "-f", "%M", "-o", rssPath] + arguments

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    let environmentStrings = merged.map { "\($0.key)=\($0.value)" }

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environmentStrings.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }

    let start = DispatchTime.now().uptimeNanoseconds
    var pid: pid_t = 0
    let spawnStatus = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard spawnStatus == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(spawnStatus)))") }

    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exited = (status & 0x7f) == 0
    let exitStatus = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let rssText = (try? String(contentsOfFile: rssPath, encoding: .utf8)) ?? ""
    let rssKilobytes = rssText.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    return ChildOutcome(exitStatus: exitStatus, seconds: seconds, peakRSSBytes: rssKilobytes * 1024, standardOutput: output)
}

/// A failure of the benchmark driver itself (not of the measured tool).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
