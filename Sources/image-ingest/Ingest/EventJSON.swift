import Foundation
import LibC
import ImageIngest
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// The JSON-lines form of import events (`--json`, or stdout not a terminal): one object a line, as the library
/// encodes the event (`ImportEvent: Encodable`; `"event"` first, then the keys in alphabetical order), every message through the connection's
/// `SecretRedactor`, and what only the CLI knows: `"server"` (the base URL; absent for a dry run with none
/// configured) and `"sandbox"` (the in-process one), in `planned`, `summary` and `put`'s result lines.
struct EventJSON {
    private let encoder = EventJSON.plainEncoder()
    private let server: String?
    private let sandbox: Bool

    init(connection: SuperOfficeConnection, redact: SecretRedactor) {
        encoder.userInfo[ImportEvent.redactingMessages] = redact
        server = connection.serverURL
        sandbox = connection.sandbox != nil
    }

    /// `event`'s line. `server`: name the server (always for `planned` and `summary`); `project`: the project `put`
    /// looked up (its number, name and fields beside the id); `sha256`: what `put` adds to a skip.
    func line(_ event: ImportEvent, server: Bool = false, project: ProjectSummary? = nil, sha256: String? = nil) -> String {
        var named = server
        switch event {
        case .planned, .finished: named = true
        default: break
        }
        return Self.line(of: Line(event: event, server: named ? (self.server, sandbox) : nil, project: project, sha256: sha256),
                         encoder: encoder)
    }

    /// A value the library encodes (a status row, an undo entry, …) as one line: `"event"` first when it has one,
    /// then the keys in alphabetical order.
    static func line(of value: some Encodable, encoder: JSONEncoder = plainEncoder()) -> String {
        guard let data = try? encoder.encode(value) else { return #"{"event":"error","message":"unencodable value"}"# }
        return String(decoding: eventFirst(Array(data)), as: UTF8.self)
    }

    /// A value the library encodes as one line, its messages through `redact`.
    static func line(of value: some Encodable, redact: SecretRedactor) -> String {
        let encoder = plainEncoder()
        encoder.userInfo[ImportEvent.redactingMessages] = redact
        return line(of: value, encoder: encoder)
    }

    /// An encoder writing the keys sorted and slashes as they are (no message redaction).
    static func plainEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The object with its `"event"` moved to the front (the encoder sorts the keys), so that a line starts with its
    /// kind. The first `,"event":"` is the top-level key: a string (a key or a value) holds its quotes escaped, and
    /// the objects sorting before it (`byServer`, `converted`) have no `event` key.
    private static func eventFirst(_ json: [UInt8]) -> [UInt8] {
        // a plain scan: the generic `firstRange(of:)` was a third of the CLI's event encoding in an import
        let found: Int? = json.withUnsafeBufferPointer { bytes in
            eventKey.withUnsafeBufferPointer { key in
                guard bytes.count >= key.count, let base = bytes.baseAddress, let keyBase = key.baseAddress else { return nil }
                for index in 0...(bytes.count - key.count) where base[index] == keyBase[0] && memcmp(base + index, keyBase, key.count) == 0 {
                    return index
                }
                return nil
            }
        }
        guard let start = found, let end = json[(start + eventKey.count)...].firstIndex(of: UInt8(ascii: "\"")) else { return json }
        var moved: [UInt8] = []
        moved.reserveCapacity(json.count)
        moved.append(UInt8(ascii: "{"))
        moved += json[(start + 1)...end]
        moved.append(UInt8(ascii: ","))
        moved += json[1..<start]
        moved += json[(end + 1)...]
        return moved
    }

    private static let eventKey: [UInt8] = Array(#","event":""#.utf8)

    private struct Line: Encodable {
        let event: ImportEvent
        let server: (url: String?, sandbox: Bool)?
        let project: ProjectSummary?
        let sha256: String?

        func encode(to encoder: any Encoder) throws {
            try event.encode(to: encoder)
            var json = encoder.container(keyedBy: Key.self)
            if let server {
                try json.encodeIfPresent(server.url, forKey: .server)
                try json.encode(server.sandbox, forKey: .sandbox)
            }
            if let project {
                try json.encode(project.number, forKey: .number)
                try json.encode(project.name, forKey: .name)
                if !project.fields.isEmpty { try json.encode(project.fields, forKey: .fields) }
            }
            try json.encodeIfPresent(sha256, forKey: .sha256)
        }

        enum Key: String, CodingKey { case server, sandbox, number, name, fields, sha256 }
    }
}
