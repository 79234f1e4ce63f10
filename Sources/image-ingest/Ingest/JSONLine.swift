/// Builds one JSON object on one line, without JSONEncoder (an import writes thousands of them).
struct JSONLine {
    private var text = "{"
    private var first = true

    init() {}

    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        field(key)
        text += Self.quoted(value)
    }

    mutating func add(_ key: String, _ value: Int?) {
        guard let value else { return }
        field(key)
        text += String(value)
    }

    mutating func add(_ key: String, _ value: Double) {
        field(key)
        text += value.isFinite ? String((value * 1000).rounded() / 1000) : "null"
    }

    mutating func add(_ key: String, _ value: Bool) {
        field(key)
        text += value ? "true" : "false"
    }

    /// Adds an already-encoded JSON value.
    mutating func addRaw(_ key: String, _ json: String) {
        field(key)
        text += json
    }

    var line: String { text + "}" }

    private mutating func field(_ key: String) {
        if !first { text += "," }
        first = false
        text += Self.quoted(key) + ":"
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func array(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ",") + "]"
    }
}
