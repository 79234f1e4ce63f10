/// The records of an RFC 4180 CSV text: fields separated by commas, records by CRLF, LF or CR; a field in
/// double quotes may hold commas, line breaks and doubled quotes (`""` for `"`). A leading UTF-8 byte order
/// mark is dropped; empty lines are skipped. Each record knows the line it starts on, for error messages.
struct CSVRecords: Sendable {
    /// One record: its fields, and the (1-based) line of the text where it starts.
    struct Record: Sendable, Hashable {
        var line: Int
        var fields: [String]
    }

    /// Why the text is not CSV, and on which line.
    struct Failure: Error, Sendable, Hashable {
        var line: Int
        var message: String
    }

    /// The records, in order.
    let records: [Record]

    /// Splits `text` into records.
    init(_ text: String) throws(Failure) {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        // whether the record in the making has anything (a character, a comma, a quoted field)
        var pending = false
        var wasQuoted = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            // an empty line is no record
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            pending = false
            wasQuoted = false
        }
        /// Consumes a line break at the front (CRLF, LF or CR), answering whether there was one.
        func takeLineBreak() -> Bool {
            guard let first = scalars.first, first == "\n" || first == "\r" else { return false }
            scalars = scalars.dropFirst()
            if first == "\r", scalars.first == "\n" { scalars = scalars.dropFirst() }
            line += 1
            return true
        }

        while let scalar = scalars.first {
            if scalar == "\"", field.isEmpty {
                // a quoted field, up to its closing quote
                let opening = line
                scalars = scalars.dropFirst()
                pending = true
                wasQuoted = true
                var closed = false
                while let inner = scalars.first {
                    if inner == "\"" {
                        scalars = scalars.dropFirst()
                        if scalars.first == "\"" {
                            field.append("\"")
                            scalars = scalars.dropFirst()
                        } else {
                            closed = true
                            break
                        }
                    } else if inner == "\r" || inner == "\n" {
                        let breakStart = scalars
                        _ = takeLineBreak()
                        field.append(contentsOf: breakStart[breakStart.startIndex..<scalars.startIndex])
                    } else {
                        field.append(inner)
                        scalars = scalars.dropFirst()
                    }
                }
                guard closed else {
                    throw Failure(line: opening, message: "a quoted field is not closed (a \" without its closing \")")
                }
                guard let next = scalars.first else { break }
                if next != ",", next != "\r", next != "\n" {
                    throw Failure(line: line, message: "text after a quoted field's closing quote (double a quote inside quotes: \"\")")
                }
                continue
            }
            if scalar == "," {
                endField()
                scalars = scalars.dropFirst()
                pending = true
                continue
            }
            if takeLineBreak() {
                endRecord()
                recordLine = line
                continue
            }
            if scalar == "\"" {
                throw Failure(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote: \"\")")
            }
            field.append(scalar)
            scalars = scalars.dropFirst()
            pending = true
        }
        if pending || !field.isEmpty { endRecord() }
        self.records = records
    }
}
