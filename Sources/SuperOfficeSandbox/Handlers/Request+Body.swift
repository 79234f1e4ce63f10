import Hummingbird
import NIOCore

extension Request {
    /// The whole body, at most `limit` bytes.
    ///
    /// - Throws: when the body is larger.
    mutating func bodyBytes(upTo limit: Int) async throws -> [UInt8] {
        var buffer = try await collectBody(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
