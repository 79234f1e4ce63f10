#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A date-time as the SuperOffice WebAPI writes it, kept exactly as it was received.
///
/// SuperOffice sends ISO 8601 date-times with or without fraction digits (up to seven, .NET's
/// 100-nanosecond ticks) and with no zone designator, `Z`, `±hh:mm` or `±hhmm`:
/// `"2020-06-03T17:46:13"`, `"9999-12-31T23:59:59.9999999"`, `"2006-11-26T09:40:59.4076658+01:00"`,
/// `"2018-12-24T07:34:45-0500"`. A `SuperOfficeDate` stores the parsed components together with the
/// original text, so encoding it writes back exactly what was decoded: no precision is lost on a round
/// trip (a `Date` can not hold 100 ns at this distance from 1970).
///
/// Two values are equal when their wire text is equal.
public struct SuperOfficeDate: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The zone designator of a date-time.
    public enum Zone: Sendable, Hashable {
        /// No designator: the server's (or the `SO-TimeZone`) local time. SuperOffice's Created/Updated dates are UTC.
        case unspecified
        /// `Z`.
        case utc
        /// An offset from UTC in minutes, written `±hh:mm` (`colon` true) or `±hhmm`.
        case offset(minutes: Int, colon: Bool)

        /// The offset from UTC in minutes; `nil` when unspecified.
        public var offsetMinutes: Int? {
            switch self {
            case .unspecified: return nil
            case .utc: return 0
            case .offset(let minutes, _): return minutes
            }
        }
    }

    /// Year, 1...9999.
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of the month, 1...31 (checked against the month and leap years).
    public let day: Int
    /// Hour, 0...23.
    public let hour: Int
    /// Minute, 0...59.
    public let minute: Int
    /// Second, 0...59.
    public let second: Int
    /// The fraction of the second in 100-nanosecond ticks, 0...9_999_999.
    public let ticks: Int
    /// How many fraction digits the text has (0...7); `"…:13.40"` has 2.
    public let fractionDigits: Int
    /// The zone designator.
    public let zone: Zone
    /// The exact text this value was parsed from, or formatted to.
    public let text: String

    /// Parses a SuperOffice date-time; `nil` when `text` is not one.
    public init?(_ text: String) {
        guard let parsed = DateTextParser.parse(Array(text.utf8)) else { return nil }
        self.year = parsed.year
        self.month = parsed.month
        self.day = parsed.day
        self.hour = parsed.hour
        self.minute = parsed.minute
        self.second = parsed.second
        self.ticks = parsed.ticks
        self.fractionDigits = parsed.fractionDigits
        self.zone = parsed.zone
        self.text = text
    }

    /// Makes a date-time from its parts and formats its text the way SuperOffice does.
    ///
    /// - Parameters:
    ///   - year: 1...9999.
    ///   - month: 1...12.
    ///   - day: 1 to the month's last day.
    ///   - hour: 0...23.
    ///   - minute: 0...59.
    ///   - second: 0...59.
    ///   - ticks: fraction of the second in 100 ns ticks; written with `fractionDigits` digits
    ///     (truncated), none when `fractionDigits` is 0.
    ///   - fractionDigits: how many fraction digits the text carries, 0...7.
    ///   - zone: the zone the text states, if any.
    /// - Returns: `nil` when a part is out of range.
    public init?(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        ticks: Int = 0, fractionDigits: Int = 0, zone: Zone = .unspecified
    ) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...DateTextParser.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...9_999_999).contains(ticks), (0...7).contains(fractionDigits)
        else { return nil }
        if case .offset(let minutes, _) = zone, !DateTextParser.isValidOffset(minutes: minutes) { return nil }
        var divisor = 1
        for _ in 0..<(7 - fractionDigits) { divisor *= 10 }
        let keptTicks = ticks / divisor * divisor
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.ticks = keptTicks
        self.fractionDigits = fractionDigits
        self.zone = zone
        self.text = DateTextParser.format(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            ticks: keptTicks, fractionDigits: fractionDigits, zone: zone)
    }

    /// Makes a date-time from a `Date`.
    ///
    /// - Parameters:
    ///   - date: the instant.
    ///   - fractionDigits: fraction digits to write (0...7, truncated); SuperOffice's Created/Updated dates have none.
    ///   - zone: `.unspecified` (SuperOffice's default: UTC clock time with no designator), `.utc` (`Z`), or
    ///     an offset of at most ±14:59, in which case the clock time is shown in that offset (`+0000` tags UTC).
    public init(date: Date, fractionDigits: Int = 0, zone: Zone = .unspecified) {
        let totalTicks = Int((date.timeIntervalSince1970 * 10_000_000).rounded(.down))
        var days = totalTicks.floorDivided(by: 864_000_000_000)
        var inDay = totalTicks - days * 864_000_000_000
        if case .offset(let minutes, _) = zone {
            precondition(DateTextParser.isValidOffset(minutes: minutes), "a zone offset is at most ±14:59, not \(minutes) minutes")
            // Show the clock time in that offset.
            inDay += minutes * 600_000_000
            days += inDay.floorDivided(by: 864_000_000_000)
            inDay -= inDay.floorDivided(by: 864_000_000_000) * 864_000_000_000
        }
        let civil = DateTextParser.civil(fromDays: days)
        let seconds = inDay / 10_000_000
        let clampedYear = min(max(civil.year, 1), 9999)
        self.init(
            year: clampedYear, month: civil.month, day: civil.day,
            hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            ticks: inDay % 10_000_000, fractionDigits: min(max(fractionDigits, 0), 7), zone: zone)!
    }

    /// The instant, reading a value with no zone designator as UTC (SuperOffice's Created/Updated dates are
    /// UTC). Precision below a microsecond may be lost in the `Date`.
    public var date: Date {
        let days = DateTextParser.days(fromCivilYear: year, month: month, day: day)
        var seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second)
        seconds -= Double((zone.offsetMinutes ?? 0) * 60)
        return Date(timeIntervalSince1970: seconds + Double(ticks) / 10_000_000)
    }

    /// The wire text.
    public var description: String { text }

    /// Decodes from a JSON string; throws `DecodingError.dataCorrupted` when it is not a SuperOffice date-time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let value = SuperOfficeDate(string) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not a SuperOffice date-time: \"\(string)\"")
        }
        self = value
    }

    /// Encodes the exact wire text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Equality of the wire text.
    public static func == (lhs: SuperOfficeDate, rhs: SuperOfficeDate) -> Bool { lhs.text == rhs.text }

    /// Hashes the wire text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
