/// One OData list request of `GET api/v1/Project` (the FindProject archive).
///
/// ```swift
/// let query = ProjectListQuery(filter: "number in ('10042','10043')")
/// query.queryString   // $select=projectId,number,name&$filter=number%20in%20%28%2710042%27,%2710043%27%29&…
/// ```
public struct ProjectListQuery: Sendable, Hashable {
    /// The `$filter` expression, e.g. `number in ('A','B')`; nil for every project.
    public var filter: String?
    /// The columns to answer (`$select`); by default `projectId`, `number` and `name`.
    public var select: [String]
    /// The `$orderBy` column; the primary key by default, as SuperOffice's paging advice says.
    public var orderBy: String
    /// At most this many rows (`$top`); about 1000 a page is reasonable.
    public var top: Int
    /// Rows to skip (`$skip`), for the next page.
    public var skip: Int
    /// Whether to ask for `$mode=Full` (each column as `RawValue` and `DisplayValue`) instead of Slim.
    public var fullMode: Bool

    /// Makes a query.
    public init(
        filter: String? = nil, select: [String] = ["projectId", "number", "name"], orderBy: String = "projectId",
        top: Int = 1000, skip: Int = 0, fullMode: Bool = false
    ) {
        self.filter = filter
        self.select = select
        self.orderBy = orderBy
        self.top = top
        self.skip = skip
        self.fullMode = fullMode
    }

    /// The URL query as sent: `$select=…&$filter=…&$orderBy=…&$top=…&$skip=…[&$mode=Full]`, every value
    /// percent-encoded as UTF-8 (all but letters, digits, `-._~` and `,/:`).
    public var queryString: String {
        var items = [("$select", select.joined(separator: ","))]
        if let filter { items.append(("$filter", filter)) }
        items.append(("$orderBy", orderBy))
        items.append(("$top", "\(top)"))
        items.append(("$skip", "\(skip)"))
        if fullMode { items.append(("$mode", "Full")) }
        return items.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// `text` percent-encoded as a query value: UTF-8, all but letters, digits, `-._~` and `,/:`
    /// (so a space is `%20`, a quote `%27`, `&` `%26`, `+` `%2B`).
    static func percentEncoded(_ text: String) -> String {
        percentEncoded(text, keeping: ",/:")
    }

    /// `text` percent-encoded: UTF-8, all but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) and `keeping`.
    static func percentEncoded(_ text: String, keeping: String) -> String {
        let kept = Set(keeping.utf8)
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where kept.contains(byte):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}
