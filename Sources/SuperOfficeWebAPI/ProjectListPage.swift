#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One page of the answer to a `ProjectListQuery`.
public struct ProjectListPage: Sendable, Hashable {
    /// The page's projects, in the server's order.
    public var projects: [ProjectSummary]
    /// The server's `odata.nextLink`, when it says there is more.
    public var nextLink: String?

    /// Makes a page.
    public init(projects: [ProjectSummary], nextLink: String? = nil) {
        self.projects = projects
        self.nextLink = nextLink
    }

    /// Reads an OData answer, `{"odata.metadata": …, "odata.nextLink": …, "value": [ … ]}`, Slim or Full.
    ///
    /// Slim rows carry plain values (strings or numbers: `"PrimaryKey": "25"`, `"number": "10033"`); Full rows
    /// an integer `PrimaryKey` and each column as `{"RawValue": …, "DisplayValue": …}`. The id is the
    /// `projectId` column, else `PrimaryKey`. Columns other than `projectId`, `number` and `name` go into
    /// `fields`, named as in `columns` when a column there has the same name in another case.
    /// - Throws: `WebAPIError.Code.invalidResponse` for an answer that is not such JSON, or a row without a
    ///   usable id.
    public init(decoding json: some Collection<UInt8>, columns: [String] = []) throws(WebAPIError) {
        let answer: ODataAnswer
        do {
            answer = try JSONDecoder().decode(ODataAnswer.self, from: Data(json))
        } catch {
            throw WebAPIError(code: .invalidResponse, message: "The project list is not the OData JSON expected: \(error)")
        }
        var projects = [ProjectSummary]()
        projects.reserveCapacity(answer.value.count)
        let named = Dictionary(columns.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for (index, row) in answer.value.enumerated() {
            var projectId: Int?
            var primaryKey: Int?
            var project = ProjectSummary(projectId: 0)
            for (column, value) in row.columns {
                switch column.lowercased() {
                case "primarykey": primaryKey = value.integer
                case "entityname": continue
                case "projectid": projectId = value.integer
                case "number": project.number = value.text ?? ""
                case "name": project.name = value.text ?? ""
                case let lowered: project.fields[named[lowered] ?? column] = value.text ?? ""
                }
            }
            guard let id = projectId ?? primaryKey, id > 0 else {
                throw WebAPIError(
                    code: .invalidResponse, message: "Row \(index + 1) of the project list has no usable project id")
            }
            project.projectId = id
            projects.append(project)
        }
        self.init(projects: projects, nextLink: answer.nextLink)
    }
}

/// The OData envelope.
private struct ODataAnswer: Decodable {
    var nextLink: String?
    var value: [ODataRow]

    private enum CodingKeys: String, CodingKey {
        case nextLink = "odata.nextLink"
        case atNextLink = "@odata.nextLink"
        case value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nextLink = try? container.decodeIfPresent(String.self, forKey: .nextLink)
        if nextLink == nil { nextLink = try? container.decodeIfPresent(String.self, forKey: .atNextLink) }
        if nextLink?.isEmpty == true { nextLink = nil }
        value = try container.decodeIfPresent([ODataRow].self, forKey: .value) ?? []
    }
}

/// One row: every key with its value, whatever the keys are.
private struct ODataRow: Decodable {
    var columns: [(String, ODataValue)]

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        columns = try container.allKeys.map { key in (key.stringValue, try container.decode(ODataValue.self, forKey: key)) }
    }
}

/// A column's value: a string, a number, a boolean, null, or Full mode's `{RawValue, DisplayValue}`.
private enum ODataValue: Decodable {
    case text(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case null
    indirect case full(raw: ODataValue, display: ODataValue)
    case other

    private enum FullKeys: String, CodingKey {
        case rawValue = "RawValue"
        case displayValue = "DisplayValue"
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: FullKeys.self) {
            let raw = (try? container.decodeIfPresent(ODataValue.self, forKey: .rawValue)) ?? .null
            let display = (try? container.decodeIfPresent(ODataValue.self, forKey: .displayValue)) ?? .null
            self = .full(raw: raw, display: display)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else if let value = try? single.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? single.decode(String.self) {
            self = .text(value)
        } else {
            self = .other
        }
    }

    /// The value as text: numbers without a needless `.0`; Full mode's RawValue, else its DisplayValue.
    var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): "\(value)"
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .boolean(let value): value ? "true" : "false"
        case .null, .other: nil
        case .full(let raw, let display): raw.text ?? display.text
        }
    }

    /// The value as an integer: a whole number, or a string of one (`"25"`, `" 25 "`).
    var integer: Int? {
        switch self {
        case .integer(let value): value
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? Int(value) : nil
        case .text(let text): Int(ProjectMatch.trimmed(text))
        case .boolean, .null, .other: nil
        case .full(let raw, let display): raw.integer ?? display.integer
        }
    }
}
