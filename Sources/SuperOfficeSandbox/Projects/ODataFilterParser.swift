/// Parses a `$filter` of the project list into an `ODataFilter`, resolving its columns against the list's.
///
/// Grammar (keywords, operators, functions and column names in any case):
///
/// ```text
/// filter     := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" or ")" | function | comparison
/// comparison := column operator value | column "in" "(" value ("," value)* ")"
/// operator   := is | eq | isNot | ne | begins | notBegins | contains | notContains | lt | le | gt | ge
/// function   := startswith(column, value) | endswith(column, value) | contains(column, value)
///             | substringof(value, column)
/// value      := 'text' (a quote inside doubled: 'O''Brien') | integer
/// ```
///
/// Bounded: at most `maxLength` characters and `maxDepth` levels of parentheses and `not`, so neither the
/// parse nor the evaluation can recurse deeply.
struct ODataFilterParser {
    typealias Token = ODataFilterTokenizer.Token

    /// The longest filter accepted, in characters.
    static let maxLength = 16_384
    /// The deepest nesting of parentheses and `not` accepted.
    static let maxDepth = 32

    private let tokens: [Token]
    private let columns: ProjectColumns
    private var index = 0
    private var depth = 0

    /// The filter `text` means, or `nil` when it is empty (only spaces).
    static func parse(_ text: String, columns: ProjectColumns) throws(ODataFilterError) -> ODataFilter? {
        let characters = Array(text)
        guard characters.count <= maxLength else {
            throw ODataFilterError(message: "the filter is longer than \(maxLength) characters", position: maxLength + 1)
        }
        var parser = ODataFilterParser(tokens: try ODataFilterTokenizer.tokens(characters), columns: columns)
        if parser.current.kind == .end { return nil }
        let filter = try parser.parseOr()
        guard parser.current.kind == .end else {
            throw ODataFilterError(message: "expected 'and', 'or' or the end of the filter, found \(parser.current.quoted)", position: parser.current.position)
        }
        return filter
    }

    private init(tokens: [Token], columns: ProjectColumns) {
        self.tokens = tokens
        self.columns = columns
    }

    private var current: Token { tokens[index] }
    private var following: Token { tokens[min(index + 1, tokens.count - 1)] }
    private mutating func advance() { index = min(index + 1, tokens.count - 1) }

    /// Whether the current token is this keyword (any case).
    private func isKeyword(_ keyword: String) -> Bool {
        if case .name(let name) = current.kind { name.lowercased() == keyword } else { false }
    }

    private mutating func parseOr() throws(ODataFilterError) -> ODataFilter {
        var terms = [try parseAnd()]
        while isKeyword("or") {
            advance()
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .any(terms)
    }

    private mutating func parseAnd() throws(ODataFilterError) -> ODataFilter {
        var terms = [try parseUnary()]
        while isKeyword("and") {
            advance()
            terms.append(try parseUnary())
        }
        return terms.count == 1 ? terms[0] : .all(terms)
    }

    private mutating func enter(_ token: Token) throws(ODataFilterError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw ODataFilterError(message: "the filter nests deeper than \(Self.maxDepth) levels", position: token.position)
        }
    }

    private mutating func parseUnary() throws(ODataFilterError) -> ODataFilter {
        let token = current
        if isKeyword("not") {
            try enter(token)
            advance()
            let inner = try parseUnary()
            depth -= 1
            return .not(inner)
        }
        switch token.kind {
        case .open:
            try enter(token)
            advance()
            let inner = try parseOr()
            guard current.kind == .close else {
                throw ODataFilterError(message: "expected ')' to close the '(' at position \(token.position), found \(current.quoted)", position: current.position)
            }
            advance()
            depth -= 1
            return inner
        case .name(let name):
            if following.kind == .open, let function = Self.functions[name.lowercased()] {
                return try parseFunction(function, name: name)
            }
            let column = try parseColumn()
            return try parseComparison(column)
        default:
            throw ODataFilterError(message: "expected a column name, a function, 'not' or '(', found \(token.quoted)", position: token.position)
        }
    }

    /// The functions, by lower-cased name: the operator they test, and whether the value comes first.
    private static let functions: [String: (op: ODataComparison.Operator, valueFirst: Bool)] = [
        "startswith": (.begins, false), "endswith": (.ends, false), "contains": (.contains, false),
        "substringof": (.contains, true),
    ]

    /// The operators, by lower-cased name.
    private static let operators: [String: ODataComparison.Operator] = [
        "is": .equal, "eq": .equal, "isnot": .notEqual, "ne": .notEqual, "in": .oneOf,
        "begins": .begins, "notbegins": .notBegins, "contains": .contains, "notcontains": .notContains,
        "lt": .less, "le": .lessOrEqual, "gt": .greater, "ge": .greaterOrEqual,
    ]

    private mutating func parseColumn() throws(ODataFilterError) -> ProjectColumn {
        let token = current
        guard case .name(let name) = token.kind else {
            throw ODataFilterError(message: "expected a column name, found \(token.quoted)", position: token.position)
        }
        guard let column = columns.column(named: name) else {
            let known = columns.all.map(\.name).joined(separator: ", ")
            throw ODataFilterError(message: "unknown column '\(name)' (the columns are \(known))", position: token.position)
        }
        advance()
        return column
    }

    private mutating func parseComparison(_ column: ProjectColumn) throws(ODataFilterError) -> ODataFilter {
        let token = current
        guard case .name(let name) = token.kind, let op = Self.operators[name.lowercased()] else {
            throw ODataFilterError(
                message: "expected an operator after '\(column.name)' (is, eq, isNot, ne, in, begins, notBegins, contains, notContains, lt, le, gt, ge), found \(token.quoted)",
                position: token.position)
        }
        advance()
        var values: [Token] = []
        if op == .oneOf {
            let open = current
            guard open.kind == .open else {
                throw ODataFilterError(message: "expected '(' after 'in', found \(open.quoted)", position: open.position)
            }
            advance()
            values.append(try parseValue())
            while current.kind == .comma {
                advance()
                values.append(try parseValue())
            }
            guard current.kind == .close else {
                throw ODataFilterError(message: "expected ',' or ')' in the list of 'in', found \(current.quoted)", position: current.position)
            }
            advance()
        } else {
            values.append(try parseValue())
        }
        return .test(try Self.comparison(column, op, values, at: token))
    }

    private mutating func parseFunction(_ function: (op: ODataComparison.Operator, valueFirst: Bool), name: String) throws(ODataFilterError) -> ODataFilter {
        let token = current
        advance()  // the name
        advance()  // '('
        let column: ProjectColumn
        let value: Token
        if function.valueFirst {
            value = try parseValue()
            try expectComma(in: name)
            column = try parseColumn()
        } else {
            column = try parseColumn()
            try expectComma(in: name)
            value = try parseValue()
        }
        guard current.kind == .close else {
            throw ODataFilterError(message: "expected ')' to close \(name)(, found \(current.quoted)", position: current.position)
        }
        advance()
        return .test(try Self.comparison(column, function.op, [value], at: token))
    }

    private mutating func expectComma(in function: String) throws(ODataFilterError) {
        guard current.kind == .comma else {
            throw ODataFilterError(message: "expected ',' between the arguments of \(function), found \(current.quoted)", position: current.position)
        }
        advance()
    }

    private mutating func parseValue() throws(ODataFilterError) -> Token {
        let token = current
        switch token.kind {
        case .string, .integer:
            advance()
            return token
        default:
            throw ODataFilterError(message: "expected a value ('text' or an integer), found \(token.quoted)", position: token.position)
        }
    }

    /// The comparison, with its values converted to the column's type.
    private static func comparison(
        _ column: ProjectColumn, _ op: ODataComparison.Operator, _ values: [Token], at token: Token
    ) throws(ODataFilterError) -> ODataComparison {
        if column.isInteger {
            switch op {
            case .equal, .notEqual, .oneOf, .less, .lessOrEqual, .greater, .greaterOrEqual: break
            case .begins, .notBegins, .contains, .notContains, .ends:
                throw ODataFilterError(
                    message: "\(column.name) is an integer column: compare it with is, eq, isNot, ne, in, lt, le, gt or ge", position: token.position)
            }
            var integers: [Int] = []
            for value in values {
                switch value.kind {
                case .integer(let integer): integers.append(integer)
                case .string(let text):
                    guard let integer = Int(text.trimmingSpaces()) else {
                        throw ODataFilterError(message: "\(column.name) is an integer column, not comparable with \(value.quoted)", position: value.position)
                    }
                    integers.append(integer)
                default: break
                }
            }
            return ODataComparison(column: column, op: op, values: .integers(integers))
        }
        let texts = values.map { value -> String in
            switch value.kind {
            case .integer(let integer): String(integer)
            case .string(let text): text
            default: ""
            }
        }
        return ODataComparison(column: column, op: op, values: .texts(texts))
    }
}
