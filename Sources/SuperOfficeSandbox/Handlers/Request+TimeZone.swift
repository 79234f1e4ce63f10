import HTTPTypes
import Hummingbird

extension Request {
    static let timeZoneHeader = HTTPField.Name("SO-TimeZone")!

    /// True when `SO-TimeZone` asks for dates with their offset (`includeTZOffset`).
    var includesTimeZoneOffset: Bool {
        headers[Self.timeZoneHeader]?.lowercased().contains("includetzoffset") ?? false
    }
}
