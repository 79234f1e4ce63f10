#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP port where nothing listens: bound by the kernel's choice, then closed again (for tests of a
/// server that is gone).
/// - Returns: The port.
/// - Throws: `LoopbackPort.Failure` when no socket can be bound.
public func closedLoopbackPort() throws -> Int {
    try LoopbackPort.closed()
}

/// Loopback ports for tests.
public enum LoopbackPort {
    /// No socket could be made or bound.
    public struct Failure: Error {}

    /// A loopback TCP port where nothing listens.
    /// - Returns: The port.
    /// - Throws: ``Failure`` when no socket can be bound.
    public static func closed() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure() }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw Failure() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
