import SuperOfficeWebAPI

/// What to do when a project already has a picture on the server.
public enum ExistingImagePolicy: String, Hashable, Sendable, CaseIterable {
    /// Always upload: the file replaces whatever the project shows.
    case replace
    /// Leave a project that has a picture alone (a picture someone chose by hand in the CRM stays).
    case keep
    /// Skip when the server's ImageInfo describes this very content (its ExtraInfo carries the same `sha256=`
    /// and its OriginalSize is the file's size), else upload. The default.
    case ifDifferent = "if-different"
}

extension ExistingImagePolicy {
    /// Why a dry run that read the server says a file would be uploaded.
    public enum PlannedUpload: String, Hashable, Sendable {
        /// The project has no picture.
        case new
        /// The project's picture is other content.
        case different
        /// The project's picture is this content or another, and `ExistingImagePolicy.replace` uploads anyway.
        case replace
    }
}

extension ExistingImagePolicy {
    /// Whether the policy needs the project's current ImageInfo before the upload.
    var readsCurrentInfo: Bool { self != .replace }

    /// Why `current` (the project's ImageInfo) means the file need not go up (`.keptExisting` or
    /// `.unchangedOnServer`, with the project's blob id), or nil to upload it.
    func skip(current: BlobEntity, sha256: String, originalSize: Int) -> SkipReason? {
        let blobId = current.blobId ?? 0
        switch self {
        case .replace:
            return nil
        case .keep:
            return current.hasPicture ? .keptExisting(blobId: blobId) : nil
        case .ifDifferent:
            guard current.hasPicture, current.originalSize == originalSize, current.extraInfoNames(sha256: sha256)
            else { return nil }
            return .unchangedOnServer(blobId: blobId)
        }
    }
}

extension BlobEntity {
    /// Whether the project has a picture (a project without one answers an entity with empty fields).
    package var hasPicture: Bool { (blobId ?? 0) != 0 || !(mimeType ?? "").isEmpty || (originalSize ?? 0) > 0 }

    /// Whether ExtraInfo carries `sha256=<sha256>` among its `;`-separated facts (as this project writes them).
    package func extraInfoNames(sha256: String) -> Bool {
        (extraInfo ?? "").split(separator: ";").contains { $0 == "sha256=\(sha256)" }
    }
}

extension ExistingImagePolicy {
    /// Why the file would go up over `current` (the project's ImageInfo), when `skip` said it would.
    func plannedUpload(current: BlobEntity) -> ExistingImagePolicy.PlannedUpload {
        guard current.hasPicture else { return .new }
        return self == .replace ? .replace : .different
    }
}
