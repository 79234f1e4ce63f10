import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A JSON answer, as the WebAPI sends it (`application/json; charset=utf-8`).
    static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
