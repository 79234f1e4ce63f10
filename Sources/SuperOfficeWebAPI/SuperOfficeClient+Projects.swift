public import Logging
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SuperOfficeClient {
    /// Lists projects, one page: `GET api/v1/Project?$select=…&$filter=…&$orderBy=…&$top=…&$skip=…[&$mode=Full]`
    /// (the FindProject archive), every value percent-encoded.
    ///
    /// - Parameters:
    ///   - query: the filter, columns, order and page.
    ///   - logger: where the request is logged (at debug; never a credential).
    /// - Returns: the page's projects (Slim or Full rows), and the server's `odata.nextLink`.
    /// - Throws: `WebAPIError`; `.invalidArgument` for a `top` below 1 or a negative `skip`, `.invalidResponse`
    ///   for an answer that is not the OData JSON expected.
    public func listProjects(_ query: ProjectListQuery, logger: Logger) async throws(WebAPIError) -> ProjectListPage {
        guard query.top >= 1, query.skip >= 0 else {
            throw WebAPIError(
                code: .invalidArgument, message: "A project list needs a $top of at least 1 and a $skip of at least 0",
                attempts: 0)
        }
        let request = WebAPIRequest(method: .GET, path: "api/v1/Project", query: query.queryString, accept: "application/json")
        let response = try await send(request, logger: logger)
        do {
            return try ProjectListPage(decoding: response.body, columns: query.select)
        } catch {
            var error = error
            error.status = response.status
            error.operation = request.operation
            throw error
        }
    }

    /// Lists every project a query finds, a page at a time: asks for `query` and then, while a page is full
    /// (`query.top` rows) or the server sends an `odata.nextLink`, for the next one by `$skip`. Each page is
    /// handed to `body` as it arrives.
    ///
    /// - Parameters:
    ///   - query: the first page's query (its `skip` where to start).
    ///   - limit: at most this many projects in all (the last page is asked for and handed over only up to it);
    ///     nil for every one.
    ///   - logger: where the requests are logged.
    ///   - body: called with each page, in order; an error from it ends the listing.
    public func forEachProjectPage(
        _ query: ProjectListQuery, limit: Int? = nil, logger: Logger,
        _ body: (ProjectListPage) async throws(WebAPIError) -> Void
    ) async throws(WebAPIError) {
        var query = query
        var listed = 0
        while true {
            if let limit { query.top = min(query.top, limit - listed) }
            var page = try await listProjects(query, logger: logger)
            let full = page.projects.count >= query.top || page.nextLink != nil
            if let limit { page.projects = Array(page.projects.prefix(limit - listed)) }
            try await body(page)
            listed += page.projects.count
            if let limit, listed >= limit { return }
            guard !page.projects.isEmpty, full else { return }
            query.skip += page.projects.count
        }
    }

    /// Finds the project an outside (foreign) key names:
    /// `GET api/v1/ForeignApp/{application}/{device}/Key/{key}/project?keyValue={value}`.
    ///
    /// - Parameters:
    ///   - application: the foreign application's name, e.g. `ERP`.
    ///   - device: the device's name within it.
    ///   - key: the key's name, e.g. `code`.
    ///   - value: the key's value to look for.
    ///   - logger: where the request is logged.
    /// - Returns: the ForeignKey's `RecordId`; nil when there is none (204, 404, `null`, an empty answer or
    ///   `RecordId` 0).
    /// - Throws: `WebAPIError`; `.invalidArgument` for an empty application, device or key name.
    public func projectId(
        foreignKey application: String, device: String, key: String, value: String, logger: Logger
    ) async throws(WebAPIError) -> Int? {
        guard !application.isEmpty, !device.isEmpty, !key.isEmpty else {
            throw WebAPIError(
                code: .invalidArgument, message: "A foreign key needs an application, a device and a key name", attempts: 0)
        }
        let segment = { (text: String) in ProjectListQuery.percentEncoded(text, keeping: "") }
        let request = WebAPIRequest(
            method: .GET,
            path: "api/v1/ForeignApp/\(segment(application))/\(segment(device))/Key/\(segment(key))/project",
            query: "keyValue=" + ProjectListQuery.percentEncoded(value), accept: "application/json")
        let response: WebAPIResponse
        do {
            response = try await send(request, logger: logger)
        } catch where error.code == .notFound {
            return nil
        }
        if response.status == 204 || response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return nil
        }
        let foreignKey: ForeignKeyAnswer?
        do {
            foreignKey = try JSONDecoder().decode(ForeignKeyAnswer?.self, from: Data(response.body))
        } catch {
            throw WebAPIError(
                code: .invalidResponse, message: "The foreign key's answer is not the JSON expected: \(error)",
                status: response.status, operation: request.operation)
        }
        guard let recordId = foreignKey?.recordId, recordId != 0 else { return nil }
        guard ProjectIdentifier.isValid(recordId) else {
            throw WebAPIError(
                code: .invalidResponse, message: "The foreign key names record \(recordId), which is not a project id",
                status: response.status, operation: request.operation)
        }
        return recordId
    }
}

/// The part of a `ForeignKey` entity the lookup needs: `RecordId` (a number, or a string of one).
private struct ForeignKeyAnswer: Decodable {
    var recordId: Int?

    private enum CodingKeys: String, CodingKey {
        case recordId = "RecordId"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decodeIfPresent(Int.self, forKey: .recordId) {
            recordId = number
        } else if let text = try? container.decodeIfPresent(String.self, forKey: .recordId) {
            recordId = Int(ProjectMatch.trimmed(text))
        } else {
            recordId = nil
        }
    }
}
