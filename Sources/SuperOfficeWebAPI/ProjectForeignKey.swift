/// One of a project's outside (foreign) keys, as `GET api/v1/Project/{id}/ForeignKey` answers it: which outside
/// system's key it is and its value for the project.
///
/// SuperOffice's documented ForeignKey entity carries the key's name (`Key`) but not always the application's
/// and device's (`ApplicationName`, `DeviceName`); when the answer leaves them out they are nil here, and
/// `matches(application:device:key:)` compares the key's name only.
public struct ProjectForeignKey: Sendable, Hashable, Codable {
    /// The outside application's name (`ApplicationName`), e.g. `ERP`; nil when the answer has none.
    public var application: String?
    /// The device's name within it (`DeviceName`); nil when the answer has none.
    public var device: String?
    /// The key's name (`Key`), e.g. `ProjectNo`.
    public var key: String
    /// The key's value for this project (`Value`).
    public var value: String

    /// Makes a key.
    public init(application: String?, device: String?, key: String, value: String) {
        self.application = application
        self.device = device
        self.key = key
        self.value = value
    }

    /// Whether this is the key `application/device/key` (names compared ignoring case, as SuperOffice does).
    /// An application or device this key does not name (nil or empty) matches any: with an entity that carries
    /// no application and device names, only the key's name is compared.
    public func matches(application: String, device: String, key: String) -> Bool {
        func same(_ mine: String?, _ other: String) -> Bool {
            guard let mine, !mine.isEmpty else { return true }
            return mine.lowercased() == other.lowercased()
        }
        return self.key.lowercased() == key.lowercased() && same(self.application, application) && same(self.device, device)
    }

    /// The value of the key `name` (`APP/DEVICE/KEY`) among `keys`: the first that matches it, by
    /// `matches(application:device:key:)`; nil when none does or `name` is not three non-empty names.
    public static func value(of name: String, in keys: [ProjectForeignKey]) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        // one that names its application and device first, so a Key-only entity does not shadow an exact one
        let exact = keys.first { $0.application?.isEmpty == false && $0.device?.isEmpty == false
            && $0.matches(application: parts[0], device: parts[1], key: parts[2]) }
        return (exact ?? keys.first { $0.matches(application: parts[0], device: parts[1], key: parts[2]) })?.value
    }
}
