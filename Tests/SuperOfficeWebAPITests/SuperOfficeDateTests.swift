import Foundation
import SuperOfficeWebAPI
import Testing

@Suite struct SuperOfficeDateTests {
    @Test(arguments: [
        "2020-06-03T17:46:13",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59.9999999",
        "2006-11-26T09:40:59.4076658+01:00",
        "2018-12-24T07:34:45-0500",
        "2026-02-23T09:52:01.9342965Z",
        "2020-06-03T17:46:13.4",
        "2020-06-03T17:46:13.40",
        "2020-06-03T17:46:13.400000+00:00",
        "2024-02-29T12:00:00-14:00",
    ])
    func roundTripKeepsTheExactText(_ text: String) throws {
        let date = try #require(SuperOfficeDate(text))
        #expect(date.text == text)
        // the text kept is the parsed text; built again from the parsed parts it must read the same
        let rebuilt = try #require(SuperOfficeDate(
            year: date.year, month: date.month, day: date.day, hour: date.hour, minute: date.minute, second: date.second,
            ticks: date.ticks, fractionDigits: date.fractionDigits, zone: date.zone))
        #expect(rebuilt.text == text)
        let encoded = try JSONEncoder().encode([date])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(text)\"]")
        let decoded = try JSONDecoder().decode([SuperOfficeDate].self, from: encoded)
        #expect(decoded == [date])
    }

    @Test func partsAreParsed() throws {
        let date = try #require(SuperOfficeDate("2006-11-26T09:40:59.4076658+01:00"))
        #expect(date.year == 2006 && date.month == 11 && date.day == 26)
        #expect(date.hour == 9 && date.minute == 40 && date.second == 59)
        #expect(date.ticks == 4_076_658 && date.fractionDigits == 7)
        #expect(date.zone == .offset(minutes: 60, colon: true))

        let compact = try #require(SuperOfficeDate("2018-12-24T07:34:45-0500"))
        #expect(compact.zone == .offset(minutes: -300, colon: false))
        #expect(try #require(SuperOfficeDate("2020-06-03T17:46:13.4")).ticks == 4_000_000)
        #expect(try #require(SuperOfficeDate("2026-02-23T09:52:01Z")).zone == .utc)
        #expect(try #require(SuperOfficeDate("2020-06-03T17:46:13")).zone == .unspecified)
    }

    @Test func theSameInstantInDifferentZonesIsTheSameDate() throws {
        let a = try #require(SuperOfficeDate("2018-12-24T07:34:45-0500"))
        let b = try #require(SuperOfficeDate("2018-12-24T12:34:45Z"))
        let c = try #require(SuperOfficeDate("2018-12-24T12:34:45"))
        #expect(a.date == b.date)
        #expect(b.date == c.date)
        #expect(a != b)  // the wire text differs
        #expect(b.date.timeIntervalSince1970 == 1_545_654_885)
    }

    @Test(arguments: [
        "", "2020-06-03", "2020-06-03 17:46:13", "2020-06-03T17:46", "2020-06-03T17:46:13.",
        "2020-06-03T17:46:13.12345678", "2020-13-03T17:46:13", "2021-02-29T00:00:00", "2020-06-03T24:00:00",
        "2020-06-03T17:60:13", "2020-06-03T17:46:13+1", "2020-06-03T17:46:13+01:0", "2020-06-03T17:46:13+15:00",
        "2020-06-03T17:46:13z", "2020-06-03T17:46:13Z ", "0000-01-01T00:00:00", "２０２０-06-03T17:46:13",
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(SuperOfficeDate(text) == nil)
    }

    @Test func decodingMalformedTextThrows() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SuperOfficeDate].self, from: Data("[\"yesterday\"]".utf8))
        }
    }

    @Test func formatsFromADate() throws {
        let instant = Date(timeIntervalSince1970: 1_545_654_885.25)
        #expect(SuperOfficeDate(date: instant).text == "2018-12-24T12:34:45")
        #expect(SuperOfficeDate(date: instant, fractionDigits: 2, zone: .utc).text == "2018-12-24T12:34:45.25Z")
        #expect(SuperOfficeDate(date: instant, zone: .offset(minutes: 0, colon: false)).text == "2018-12-24T12:34:45+0000")
        #expect(SuperOfficeDate(date: instant, zone: .offset(minutes: -300, colon: false)).text == "2018-12-24T07:34:45-0500")
        #expect(SuperOfficeDate(date: Date(timeIntervalSince1970: 0)).text == "1970-01-01T00:00:00")
        #expect(SuperOfficeDate(date: Date(timeIntervalSince1970: -1)).text == "1969-12-31T23:59:59")
    }

    @Test func componentsInitialiserTruncatesToTheDigitsAsked() throws {
        let date = try #require(SuperOfficeDate(
            year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59, ticks: 9_876_543, fractionDigits: 3,
            zone: .offset(minutes: 90, colon: true)))
        #expect(date.text == "2024-02-29T23:59:59.987+01:30")
        #expect(SuperOfficeDate(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
    }
}
