import Foundation
import Synchronization

import LibC

/// Runs the built `image-ingest` executable (or `image-ingest-sandbox`, found beside it and the test bundle) with
/// `Process`.
/// Secrets go to the child through the environment, never argv.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The stdout lines that are JSON objects, decoded.
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }

        func events(_ name: String) -> [[String: Any]] {
            jsonLines.filter { $0["event"] as? String == name }
        }
    }

    /// The `image-ingest` executable next to this test binary (`.build/<triple>/debug/image-ingest`).
    static var executable: String { executable(named: "image-ingest") }

    /// The built executable `name` (`image-ingest` or `image-ingest-sandbox`) next to this test binary.
    static func executable(named name: String) -> String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // inside a bundle on Darwin: …/debug/x.xctest/Contents/MacOS/x
        while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent(name).path),
              dir.pathComponents.count > 1 {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent(name).path
    }

    var environment: [String: String]
    /// When set, the child runs under `ulimit -v` of this many KiB (through `/bin/sh`), so an allocation
    /// it cannot justify fails instead of succeeding quietly.
    var virtualMemoryLimitKiB: Int?
    /// When set, the child runs under `ulimit -f` of this many 512-byte blocks: a write that would make any file
    /// larger fails with EFBIG, as on a full disk. Its stdout then goes to /dev/null (a regular file would hit the
    /// limit too).
    var fileSizeLimitBlocks: Int?
    /// The executable's path (default: `image-ingest`).
    var program = CLIRunner.executable

    /// An environment with the parent's PATH/HOME/LANG only (no SO_* leaks in from the developer's shell).
    init(extra: [String: String] = [:]) {
        let parent = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG", "TMPDIR"] { environment[key] = parent[key] }
        environment.merge(extra) { $1 }
        self.environment = environment
    }

    /// A started child whose output goes to files (so a full pipe never blocks it).
    final class Running: @unchecked Sendable {
        let process = Process()
        let outURL: URL
        let errURL: URL
        /// Whether the child exited, and who waits for it.
        final class ExitState: Sendable {
            let state = Mutex<(exited: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
        }
        private let exit = ExitState()

        init(program: String, arguments: [String], environment: [String: String], virtualMemoryLimitKiB: Int? = nil,
             fileSizeLimitBlocks: Int? = nil) throws {
            let base = NSTemporaryDirectory() + "cli-\(UUID().uuidString)"
            outURL = URL(fileURLWithPath: base + ".out")
            errURL = URL(fileURLWithPath: base + ".err")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            if virtualMemoryLimitKiB != nil || fileSizeLimitBlocks != nil {
                var script = virtualMemoryLimitKiB.map { "ulimit -v \($0) && " } ?? ""
                script += fileSizeLimitBlocks.map { "ulimit -f \($0) && " } ?? ""
                script += "exec \"$0\" \"$@\"" + (fileSizeLimitBlocks != nil ? " >/dev/null" : "")
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", script, program] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = arguments
            }
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            process.terminationHandler = { [exit] _ in
                let waiter = exit.state.withLock { state -> CheckedContinuation<Void, Never>? in
                    state.exited = true
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }

        func start() async throws -> Int32 {
            try process.run()
            return process.processIdentifier
        }

        func wait() async -> Result {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = exit.state.withLock { state -> Bool in
                    if state.exited { return true }
                    state.waiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
            let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            return Result(status: process.terminationStatus, stdout: out, stderr: err)
        }

        func kill(_ signal: Int32) {
            LibC.kill(process.processIdentifier, signal)
        }
    }

    func start(_ arguments: [String]) async throws -> Running {
        let running = try Running(program: program, arguments: arguments, environment: environment, virtualMemoryLimitKiB: virtualMemoryLimitKiB,
                                  fileSizeLimitBlocks: fileSizeLimitBlocks)
        _ = try await running.start()
        return running
    }

    func run(_ arguments: [String]) async throws -> Result {
        let running = try await start(arguments)
        return await running.wait()
    }
}
