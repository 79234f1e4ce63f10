extension ImportReport {
    /// The closing line of `status --json` (`"event":"status"`): the journal, the server the counts are for
    /// (``server``, else the current one) and whether it is the current one, the count of each state there,
    /// `notStarted` (when the folder was compared), `notFinished`, and for every server in the journal its row count
    /// (`servers`) and its count of each state (`byServer`).
    public struct StatusSummary: Encodable, Sendable {
        /// The status.
        public var report: ImportReport
        /// The journal's path.
        public var journal: String
        /// The server an import would use now, named as journal rows name it; nil when it cannot be told.
        public var currentServer: String?

        /// Writes the summary's keys.
        public func encode(to encoder: any Encoder) throws {
            var json = encoder.container(keyedBy: JSONKey.self)
            let subject = report.server
            try json.encode("status", forKey: "event")
            try json.encode(journal, forKey: "journal")
            try json.encodeIfPresent(subject ?? currentServer, forKey: "server")
            try json.encode(subject != nil && subject == currentServer, forKey: "current")
            for state in FileRecord.State.allCases {
                try json.encode(report.count(state, server: subject ?? ""), forKey: JSONKey(stringValue: state.rawValue))
            }
            try json.encodeIfPresent(report.notStarted?.count, forKey: "notStarted")
            try json.encode(report.notFinished, forKey: "notFinished")
            try json.encode(Dictionary(report.servers.map { server in
                (server, report.records.count { $0.server == server })
            }, uniquingKeysWith: { first, _ in first }), forKey: "servers")
            try json.encode(Dictionary(report.servers.map { server in
                (server, Dictionary(uniqueKeysWithValues: FileRecord.State.allCases.map { ($0.rawValue, report.count($0, server: server)) }))
            }, uniquingKeysWith: { first, _ in first }), forKey: "byServer")
        }
    }

    /// This status's closing line for `status --json`.
    public func statusSummary(journal: String, currentServer: String?) -> StatusSummary {
        StatusSummary(report: self, journal: journal, currentServer: currentServer)
    }
}

extension ImportReport.FileRecord {
    /// A row that drifted, as `status --remote --json` writes it (`"event":"drift"`): `path`, `projectId`, `kind`
    /// (``Drift``), `journalBlobId`, `serverBlobId` when the project has a picture, `error` for an unreadable one.
    public struct DriftLine: Encodable, Sendable {
        /// The compared row.
        public var record: ImportReport.FileRecord

        /// Writes the line's keys.
        public func encode(to encoder: any Encoder) throws {
            var json = encoder.container(keyedBy: JSONKey.self)
            try json.encode("drift", forKey: "event")
            try json.encode(record.path, forKey: "path")
            try json.encode(record.projectId, forKey: "projectId")
            try json.encodeIfPresent(record.drift?.rawValue, forKey: "kind")
            try json.encodeIfPresent(record.blobId, forKey: "journalBlobId")
            try json.encodeIfPresent(record.serverBlobId, forKey: "serverBlobId")
            try json.encodeIfPresent(record.driftErrorDescription.map(encoder.redacted), forKey: "error")
        }
    }

    /// The row's line for `status --remote --json`.
    public var driftLine: DriftLine { DriftLine(record: self) }

    /// Why the project's ImageInfo could not be read, as the WebAPI client says it (with the operation and status).
    public var driftErrorDescription: String? {
        guard let driftError else { return nil }
        if case .webAPI(let cause) = driftError.cause { return cause.description }
        return driftError.message
    }
}
