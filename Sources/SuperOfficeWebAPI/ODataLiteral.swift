/// Literals for OData `$filter` expressions, as SuperOffice's archive filters read them.
///
/// ```swift
/// let filter = "name is " + ODataLiteral.string("O'Brien")   // name is 'O''Brien'
/// ```
public enum ODataLiteral {
    /// A string literal: single-quoted, a quote inside doubled (`O'Brien` → `'O''Brien'`).
    public static func string(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    /// A list of string literals for `in`: `('A','B')`.
    public static func stringList(_ texts: some Sequence<String>) -> String {
        "(" + texts.map(string).joined(separator: ",") + ")"
    }
}
