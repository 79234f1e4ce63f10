public import Logging
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SuperOfficeClient {
    /// A project's outside (foreign) keys: `GET api/v1/Project/{id}/ForeignKey`, a JSON array of ForeignKey
    /// entities `{ "ForeignKeyId", "Key", "Value", "RecordId", "TableName", "ApplicationName"?, "DeviceName"?, … }`.
    ///
    /// Read leniently: an entry that is not an object or has no `Key` is skipped, a number or boolean `Value` is
    /// taken as text, a missing `Value` as empty, missing `ApplicationName`/`DeviceName` as nil (see
    /// `ProjectForeignKey.matches(application:device:key:)`: such a key is matched by its name only); `null`,
    /// an empty answer or 204 is no keys.
    ///
    /// - Parameters:
    ///   - projectId: the project.
    ///   - logger: where the request is logged (at debug; never a credential).
    /// - Returns: the keys, in the server's order.
    /// - Throws: `WebAPIError`; `.invalidArgument` for an id that is not a positive 32-bit integer, `.notFound`
    ///   for an unknown project, `.invalidResponse` for an answer that is not a JSON array.
    public func projectForeignKeys(projectId: Int, logger: Logger) async throws(WebAPIError) -> [ProjectForeignKey] {
        guard ProjectIdentifier.isValid(projectId) else {
            throw WebAPIError(
                code: .invalidArgument, message: "Project id \(projectId) is not a positive 32-bit integer", attempts: 0)
        }
        let request = WebAPIRequest(method: .GET, path: "api/v1/Project/\(projectId)/ForeignKey", accept: "application/json")
        let response = try await send(request, logger: logger)
        if response.status == 204 || response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return []
        }
        let answer: [LenientForeignKey]?
        do {
            answer = try JSONDecoder().decode([LenientForeignKey]?.self, from: Data(response.body))
        } catch {
            throw WebAPIError(
                code: .invalidResponse, message: "The project's foreign keys are not the JSON array expected: \(error)",
                status: response.status, operation: request.operation)
        }
        return (answer ?? []).compactMap(\.key)
    }
}

extension SuperOfficeClient {
    /// The outside keys of many projects, by project id: one `projectForeignKeys(projectId:logger:)` request per
    /// project, four at a time (within the rate limit). A project gone since it was listed (404) has none.
    /// - Throws: the first other `WebAPIError`, after cancelling the requests in flight.
    public func projectForeignKeys(of projectIds: [Int], logger: Logger) async throws(WebAPIError) -> [Int: [ProjectForeignKey]] {
        try await boundedLookups(projectIds, width: Self.concurrentForeignKeyLookups) { projectId throws(WebAPIError) in
            do throws(WebAPIError) {
                return try await self.projectForeignKeys(projectId: projectId, logger: logger)
            } catch where error.code == .notFound {
                return []
            }
        }
    }
}

/// One entry of the reverse lookup's array, read leniently: `key` is nil for an entry that is not an object or
/// has no usable `Key`.
private struct LenientForeignKey: Decodable {
    var key: ProjectForeignKey?

    private enum CodingKeys: String, CodingKey {
        case key = "Key", value = "Value", application = "ApplicationName", device = "DeviceName"
    }

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self),
              let name = Self.text(container, .key), !name.isEmpty
        else {
            key = nil
            return
        }
        key = ProjectForeignKey(
            application: Self.text(container, .application), device: Self.text(container, .device), key: name,
            value: Self.text(container, .value) ?? "")
    }

    /// A string, number or boolean field as text; nil when missing, null or anything else.
    private static func text(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> String? {
        if let text = try? container.decodeIfPresent(String.self, forKey: key) { return text }
        if let number = try? container.decodeIfPresent(Int.self, forKey: key) { return String(number) }
        if let number = try? container.decodeIfPresent(Double.self, forKey: key) { return String(number) }
        if let flag = try? container.decodeIfPresent(Bool.self, forKey: key) { return String(flag) }
        return nil
    }
}
