/// Parsing and formatting of SuperOffice date-time text, and the civil-calendar arithmetic behind it.
///
/// Grammar: `yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|±hh:mm|±hhmm]`.
enum DateTextParser {
    struct Parts {
        var year, month, day, hour, minute, second, ticks, fractionDigits: Int
        var zone: SuperOfficeDate.Zone
    }

    /// The one rule for a zone offset, for parsed text and for parts alike: at most 14:59 either way (the
    /// hours field allows up to 14; real offsets reach ±14:00).
    static func isValidOffset(minutes: Int) -> Bool {
        abs(minutes) <= 14 * 60 + 59
    }

    static func parse(_ bytes: [UInt8]) -> Parts? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("T"), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }

        var ticks = 0
        var fractionDigits = 0
        if expect(".") {
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fractionDigits += 1
                guard fractionDigits <= 7 else { return nil }
                ticks = ticks * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in fractionDigits..<7 { ticks *= 10 }
        }

        var zone = SuperOfficeDate.Zone.unspecified
        if index < bytes.count {
            if expect("Z") {
                zone = .utc
            } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = digits(2) else { return nil }
                let colon = expect(":")
                guard let minutes = digits(2), minutes <= 59, isValidOffset(minutes: hours * 60 + minutes) else { return nil }
                zone = .offset(minutes: sign * (hours * 60 + minutes), colon: colon)
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        guard (1...9999).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return Parts(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            ticks: ticks, fractionDigits: fractionDigits, zone: zone)
    }

    static func format(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        ticks: Int, fractionDigits: Int, zone: SuperOfficeDate.Zone
    ) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if fractionDigits > 0 {
            text += "." + String(pad(ticks, 7).prefix(fractionDigits))
        }
        switch zone {
        case .unspecified:
            break
        case .utc:
            text += "Z"
        case .offset(let minutes, let colon):
            text += minutes < 0 ? "-" : "+"
            text += pad(abs(minutes) / 60, 2) + (colon ? ":" : "") + pad(abs(minutes) % 60, 2)
        }
        return text
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
