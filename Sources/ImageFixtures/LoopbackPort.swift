import LibC

/// A loopback TCP port where nothing listens (for tests of a server that is gone); see `LoopbackPort.closed()`.
/// - Returns: The port.
/// - Throws: `LoopbackPort.Failure` when no socket can be bound.
public func closedLoopbackPort() throws -> Int {
    try LoopbackPort.closed()
}

/// Loopback ports for tests.
public enum LoopbackPort {
    /// No socket could be made or bound.
    public struct Failure: Error {}

    /// A loopback TCP port where nothing listens, and where nothing can start listening while the tests run:
    /// the port stays bound (never listening) for the life of the process, so a connection to it is refused,
    /// and no server a parallel test starts on port 0 can be handed the same port.
    /// - Returns: The port.
    /// - Throws: ``Failure`` when no socket can be bound.
    public static func closed() throws -> Int {
        guard let port = reserved else { throw Failure() }
        return port
    }

    private static let reserved: Int? = try? bindWithoutListening()

    private static func bindWithoutListening() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure() }
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
        guard bound else {
            close(descriptor)
            throw Failure()
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
