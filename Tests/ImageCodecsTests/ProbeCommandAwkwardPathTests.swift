import Foundation
import ImageFixtures
import Testing

import LibC

/// Runs the built `image-ingest probe` over a folder of awkward entries: every entry gets its own
/// line with a clear answer, nothing blocks, and the good files around the bad ones still pass.
@Suite("probe command on awkward paths")
struct ProbeCommandAwkwardPathTests {
    /// The `image-ingest` executable beside the test binary (swift build puts both in one folder).
    static let executable: String? = {
        guard let test = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: test).deletingLastPathComponent()
        if folder.path.hasSuffix(".xctest/Contents/MacOS") {
            folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        let candidate = folder.appendingPathComponent("image-ingest").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    /// Runs the executable with raw byte arguments (so a non-UTF-8 name can be passed as is).
    private static func run(_ arguments: [[UInt8]]) throws -> (status: Int32, lines: [[String: Any]]) {
        let program = try #require(executable)
        let argv = ([Array(program.utf8)] + arguments).map { $0 + [0] }
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        // Close-on-exec, so no other test's child keeps the write end open (dup2 clears it on 1).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var pid: pid_t = 0
        let pointers = argv.map { bytes in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { strdup($0.baseAddress!) }
            }
        }
        let environment = ProcessInfo.processInfo.environment.map { key, value in strdup("\(key)=\(value)") }
        defer { (pointers + environment).forEach { free($0) } }
        let spawned = posix_spawn(&pid, program, &actions, nil, pointers + [nil], environment + [nil])
        close(fds[1])
        defer { close(fds[0]) }
        try #require(spawned == 0)
        let output = FileHandle(fileDescriptor: fds[0], closeOnDealloc: false).readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let lines = try output.split(separator: UInt8(ascii: "\n")).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        }
        return ((status >> 8) & 0xFF, lines)
    }

    @Test("FIFO, devices, empty, looping and locked entries, and a non-UTF-8 name, in one batch",
          .enabled(if: executable != nil, "needs the image-ingest executable beside the test binary"))
    func awkwardFolder() throws {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "probe-awkward")
        defer { FixtureFile.removeTree(directory) }
        let good = FixtureImage.jpeg(width: 40, height: 30)
        try FixtureFile.write(good, to: "\(directory)/a-good.jpg")
        try FixtureFile.write([], to: "\(directory)/b-empty.jpg")
        try #require(mkfifo("\(directory)/c-pipe.jpg", 0o644) == 0)
        try #require(symlink("/dev/zero", "\(directory)/d-zero.jpg") == 0)
        try #require(symlink("e-loop.jpg", "\(directory)/e-loop.jpg") == 0)
        try #require(symlink("..", "\(directory)/f-up") == 0)  // a folder link: never followed
        try FixtureFile.write(good, to: "\(directory)/g-locked.jpg")
        try #require(chmod("\(directory)/g-locked.jpg", 0) == 0)
        try #require(mkdir("\(directory)/h-sub", 0o755) == 0)
        try #require(symlink("..", "\(directory)/h-sub/loop") == 0)  // a directory symlink loop
        try FixtureFile.write(FixtureImage.png(), to: "\(directory)/h-sub/i-good.png")
        // "j-caf\xE9.jpg" in Latin-1: not UTF-8, so no Swift String names it.
        let latin1 = Array("\(directory)/j-caf".utf8) + [0xE9] + Array(".jpg".utf8)
        let fd = (latin1 + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        }
        try #require(fd >= 0)
        try #require(good.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == good.count)
        close(fd)
        defer { _ = (latin1 + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } } }

        let result = try Self.run([
            Array("probe".utf8), Array("--verify".utf8), Array("--json".utf8), Array("--recursive".utf8),
            Array(directory.utf8), Array("/dev/null".utf8), latin1,
        ])
        #expect(result.status == 1)  // some entries failed, and the run still ended
        let byName = Dictionary(result.lines.map { line in
            ((line["path"] as? String ?? "").replacingOccurrences(of: directory + "/", with: ""), line)
        }, uniquingKeysWith: { first, _ in first })
        let mayReadLocked = access("\(directory)/g-locked.jpg", R_OK) == 0

        #expect(result.lines.count == 10)
        #expect(byName["a-good.jpg"]?["verified"] as? Bool == true)
        #expect(byName["b-empty.jpg"]?["error"] as? String == "probe: empty file")
        // the code and words `import` gives the same file
        #expect(byName["c-pipe.jpg"]?["error"] as? String == "read: a FIFO, not a regular file")
        #expect(byName["c-pipe.jpg"]?["code"] as? String == "notARegularFile")
        #expect(byName["d-zero.jpg"]?["error"] as? String == "read: a device file, not a regular file")
        #expect(byName["e-loop.jpg"]?["error"] as? String == "read: cannot open: \(String(cString: strerror(ELOOP)))")
        #expect(byName["f-up"] == nil)
        if mayReadLocked {
            #expect(byName["g-locked.jpg"]?["verified"] as? Bool == true)
        } else {
            #expect(byName["g-locked.jpg"]?["error"] as? String == "read: cannot open: \(String(cString: strerror(EACCES)))")
        }
        #expect(byName["h-sub/i-good.png"]?["verified"] as? Bool == true)
        #expect(byName.keys.contains { $0.hasPrefix("h-sub/loop") } == false)
        #expect(byName["/dev/null"]?["error"] as? String == "read: a device file, not a regular file")
        // The non-UTF-8 name, once from the folder and once as an argument: probed, shown with U+FFFD.
        let latin1Lines = result.lines.filter { ($0["path"] as? String)?.hasSuffix("j-caf\u{FFFD}.jpg") == true }
        #expect(latin1Lines.count == 2)
        #expect(latin1Lines.allSatisfy { $0["verified"] as? Bool == true && $0["width"] as? Int == 40 })
    }
}
