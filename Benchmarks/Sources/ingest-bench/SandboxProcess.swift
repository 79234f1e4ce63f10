#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `image-ingest-sandbox` (beside the `image-ingest` binary) as a separate process on a free loopback port, for the end-to-end import.
final class SandboxProcess {
    static let ticket = "7T:ingest-bench"
    let process: Process
    let baseURL: String

    /// Starts `image-ingest-sandbox` from the folder of `binary` (the `image-ingest` being measured); with `requestLog`, it appends one JSON line per request there.
    init(binary: String, requestLog: String? = nil) throws {
        let port = Int.random(in: 20_000 ..< 60_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("image-ingest-sandbox")
        // --quiet: the per-request log would go to /dev/null here, and is not part of what is measured
        process.arguments = ["--port", String(port), "--quiet"] + (requestLog.map { ["--request-log", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SO_TICKET"] = Self.ticket
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        baseURL = "http://127.0.0.1:\(port)/"
        // Wait until it accepts connections.
        for _ in 0 ..< 100 {
            if Self.canConnect(port: port) { return }
            usleep(50_000)
        }
        process.terminate()
        throw BenchError("the sandbox did not start on port \(port)")
    }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
