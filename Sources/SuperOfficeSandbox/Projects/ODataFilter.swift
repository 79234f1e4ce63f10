/// A parsed `$filter` of the project list (`ODataFilterParser` makes one): comparisons of a column with
/// literal values, combined with `and`, `or` and `not`. Text compares case-insensitively (as SQL Server's
/// default collation does) and with canonical equivalence; `projectId` compares as an integer.
indirect enum ODataFilter: Sendable, Hashable {
    /// Every one holds (`and`).
    case all([ODataFilter])
    /// At least one holds (`or`).
    case any([ODataFilter])
    /// It does not hold (`not`).
    case not(ODataFilter)
    /// A column compared with values.
    case test(ODataComparison)
}

/// One comparison of a filter: a column, an operator and its values, already converted to the column's type
/// (integers for `projectId`, case-folded text for the others).
struct ODataComparison: Sendable, Hashable {
    /// What a comparison tests.
    enum Operator: Sendable, Hashable {
        /// `is`, `eq`.
        case equal
        /// `isNot`, `ne`.
        case notEqual
        /// `in (…)`: equal to one of the values.
        case oneOf
        /// `begins`, `startswith(col,'x')`.
        case begins
        /// `notBegins`.
        case notBegins
        /// `contains`, `substringof('x',col)`.
        case contains
        /// `notContains`.
        case notContains
        /// `endswith(col,'x')`.
        case ends
        /// `lt`, `le`, `gt`, `ge`.
        case less, lessOrEqual, greater, greaterOrEqual
    }

    /// The values compared with, in the column's type.
    enum Values: Sendable, Hashable {
        case integers([Int])
        case texts([String])
    }

    let column: ProjectColumn
    let op: Operator
    let values: Values
    /// The values prepared for comparing: integers as a set; texts case-folded, as a set and as characters
    /// (so prefixes and substrings compare by canonical equivalence too).
    let integerSet: Set<Int>
    let foldedTexts: [String]
    let foldedSet: Set<String>
    let foldedCharacters: [[Character]]

    init(column: ProjectColumn, op: Operator, values: Values) {
        self.column = column
        self.op = op
        self.values = values
        switch values {
        case .integers(let integers):
            integerSet = Set(integers)
            foldedTexts = []
        case .texts(let texts):
            integerSet = []
            foldedTexts = texts.map(Self.fold)
        }
        foldedSet = Set(foldedTexts)
        foldedCharacters = foldedTexts.map { Array($0) }
    }

    /// Text as it is compared: case-insensitively, as SQL Server's default collation compares.
    static func fold(_ text: String) -> String { text.lowercased() }
}

/// Why a `$filter` can not be used: what is wrong, and where (the 1-based character position in the filter).
struct ODataFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    var position: Int

    /// E.g. `unknown column 'nme' at position 1`.
    var description: String { "\(message) at position \(position)" }
}
