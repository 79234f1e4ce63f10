import LibC

/// The journal's time stamps as GRDB stores a `Date`: UTC text `yyyy-MM-dd HH:mm:ss.SSS`, which GRDB reads
/// back as a `Date`.
///
/// Written here from `clock_gettime` and `gmtime_r` because GRDB formats a `Date` with a `DateFormatter`
/// (ICU), about a percent of an import's CPU for the two time stamps each file's journal rows carry.
enum JournalTimestamp {
    /// The current time as journal text.
    static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return text(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000)
    }

    /// `seconds` since 1970 (UTC) and `milliseconds` as journal text.
    static func text(seconds: Int, milliseconds: Int) -> String {
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1 ..< count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                value %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: " "))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(UInt8(ascii: "."))
        digits(milliseconds, 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
