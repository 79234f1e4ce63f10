import ImageCodecs

/// Notices a file that changed after it was read, so a half-written file is never recorded as done.
///
/// Size, modification time and inode are compared first; when they differ but the size is the same,
/// the file is read again and hashed, and only different content counts as a change (a `touch` does not).
enum ChangeCheck {
    static func unchanged(path: String, displayPath: String, since before: FileSnapshot, sha256: String,
                          maxBytes: Int, afterUpload: Bool) throws(IngestError) {
        let stage: IngestStage = afterUpload ? .record : .upload
        let now: FileSnapshot
        do {
            now = try FileSnapshot.take(path: path, displayPath: displayPath)
        } catch {
            throw IngestError(stage: stage, code: .changedDuringIngest,
                              message: "the file disappeared after it was read (\(error.message))", path: displayPath)
        }
        if now == before { return }
        if now.size == before.size, let (bytes, _) = try? FileReader.read(path: path, displayPath: displayPath, maxBytes: maxBytes),
           ImagePacker.sha256Hex(bytes) == sha256 {
            return
        }
        let message = afterUpload
            ? "the file changed while it was being uploaded; the server has the version that was read; run again to upload the new content"
            : "the file changed after it was read; nothing was uploaded; run again when it is complete"
        throw IngestError(stage: stage, code: .changedDuringIngest, message: message, path: displayPath)
    }
}
