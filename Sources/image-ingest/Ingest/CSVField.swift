import Foundation

/// One field of the CSV the CLI writes (`projects --csv`, `import --report`), RFC 4180.
enum CSVField {
    /// Quoted when it holds a comma, a semicolon (manifests may use either), a quote or a line break, or starts or
    /// ends with a space; a quote inside doubled.
    static func quoted(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == ";" || $0.isNewline }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
