/// The tokens of a `$filter`: names (columns, operators, keywords, functions), single-quoted strings (`''`
/// for a quote), integers, parentheses and commas, each with its 1-based character position.
struct ODataFilterTokenizer: Sendable {
    /// One token.
    struct Token: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case name(String)
            case string(String)
            case integer(Int)
            case open, close, comma
            /// The end of the filter.
            case end
        }

        var kind: Kind
        /// 1-based character position in the filter.
        var position: Int

        /// The token as a message quotes it.
        var quoted: String {
            switch kind {
            case .name(let name): "'\(name)'"
            case .string(let text): "'\(text.replacing("'", with: "''"))'"
            case .integer(let value): String(value)
            case .open: "'('"
            case .close: "')'"
            case .comma: "','"
            case .end: "the end of the filter"
            }
        }
    }

    /// The tokens of `text`, ending with `.end`.
    static func tokens(_ text: [Character]) throws(ODataFilterError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "/" || c == ":" || c == "." }
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        while index < text.count {
            let c = text[index]
            let position = index + 1
            if c.isWhitespace {
                index += 1
            } else if c == "(" {
                tokens.append(Token(kind: .open, position: position))
                index += 1
            } else if c == ")" {
                tokens.append(Token(kind: .close, position: position))
                index += 1
            } else if c == "," {
                tokens.append(Token(kind: .comma, position: position))
                index += 1
            } else if c == "'" {
                var value = ""
                index += 1
                var closed = false
                while index < text.count {
                    if text[index] == "'" {
                        if index + 1 < text.count, text[index + 1] == "'" {
                            value.append("'")
                            index += 2
                        } else {
                            index += 1
                            closed = true
                            break
                        }
                    } else {
                        value.append(text[index])
                        index += 1
                    }
                }
                guard closed else {
                    throw ODataFilterError(message: "the string is not closed (a ' without its closing '; write '' for a quote inside)", position: position)
                }
                tokens.append(Token(kind: .string(value), position: position))
            } else if isDigit(c) || (c == "-" && index + 1 < text.count && isDigit(text[index + 1])) {
                var end = index + 1
                while end < text.count, isDigit(text[end]) { end += 1 }
                let digits = String(text[index..<end])
                guard let value = Int(digits), end - index <= 19 else {
                    throw ODataFilterError(message: "the number \(digits) is too large", position: position)
                }
                if end < text.count, isNamePart(text[end]) {
                    throw ODataFilterError(message: "unexpected '\(text[end])' after the number \(digits)", position: end + 1)
                }
                tokens.append(Token(kind: .integer(value), position: position))
                index = end
            } else if isNameStart(c) {
                var end = index + 1
                while end < text.count, isNamePart(text[end]) { end += 1 }
                tokens.append(Token(kind: .name(String(text[index..<end])), position: position))
                index = end
            } else {
                throw ODataFilterError(message: "unexpected character '\(c)'", position: position)
            }
        }
        tokens.append(Token(kind: .end, position: text.count + 1))
        return tokens
    }
}
