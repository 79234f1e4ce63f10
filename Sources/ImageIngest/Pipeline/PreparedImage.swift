package import ImageCodecs

/// A file's bytes after the CPU stages: what it is, that it decodes, and the payload to send.
package struct PreparedImage: Sendable {
    /// The header as probed (type, stored and display size, …).
    package var header: ImageHeader
    /// Non-fatal decoder notes from verify (empty when verify was off).
    package var notes: [String]
    /// The payload and its sizes and SHA-256 (of the original bytes).
    package var packed: PackedImage
    /// Whether the full decode ran.
    package var verified: Bool
    /// Whether the metadata was removed before packing (`IngestOptions.stripMetadata`).
    package var stripped: Bool = false
    /// SHA-256 of the file's own bytes: `packed.sha256` unless the metadata was removed (then that one is of
    /// the bytes uploaded). The journal keeps this one, so a rerun knows an unchanged source without decoding
    /// or rewriting it again, and a change check compares the file with itself.
    package var sourceSHA256: String = ""
    /// Whether the file carried GPS information, and whether the bytes to upload still do.
    package var carriedGPS: Bool { header.carriesGPS }
    package var uploadsGPS: Bool { header.carriesGPS && !stripped }

    /// Probes, optionally verifies, and packs `bytes` (one buffer, no copies, no I/O).
    /// - Parameter onStage: called after each stage passes.
    /// - Throws: `IngestError` at `.probe`, `.verify` or `.pack`.
    static func prepare(bytes: [UInt8], displayPath: String, options: IngestOptions,
                        onStage: (IngestStage) -> Void = { _ in }) throws(IngestError) -> PreparedImage {
        let header: ImageHeader
        var notes: [String] = []
        if options.verify {
            // verify reads the header as probe does, then decodes: the header is parsed once. Only a failure
            // asks probe which stage it belongs to (what probe alone would refuse is a probe failure).
            do throws(CodecError) {
                let report = try ImageVerifier.verify(bytes: bytes, limits: options.limits, policy: options.verifyPolicy)
                header = report.header
                notes = report.notes
            } catch {
                do throws(CodecError) {
                    _ = try ImageProbe.probe(bytes: bytes, limits: options.limits)
                } catch let probeError {
                    throw CodecErrorMapping.ingestError(probeError, stage: .probe, path: displayPath)
                }
                onStage(.probe)
                throw CodecErrorMapping.ingestError(error, stage: .verify, path: displayPath)
            }
            onStage(.probe)
            onStage(.verify)
        } else {
            do throws(CodecError) {
                header = try ImageProbe.probe(bytes: bytes, limits: options.limits)
            } catch {
                throw CodecErrorMapping.ingestError(error, stage: .probe, path: displayPath)
            }
            onStage(.probe)
        }
        var payload = bytes
        var sourceSHA256: String? = nil
        if options.stripMetadata {
            sourceSHA256 = ImagePacker.sha256Hex(bytes)
            // before the pack: sizes and the SHA-256 then describe the bytes that are uploaded
            do throws(CodecError) {
                payload = try MetadataStripper.strip(bytes, format: header.format, orientation: header.orientation,
                                                     limits: options.limits)
            } catch {
                throw CodecErrorMapping.ingestError(error, stage: .pack, path: displayPath)
            }
        }
        let packed: PackedImage
        do throws(CodecError) {
            packed = try ImagePacker.pack(payload, policy: options.zip)
        } catch {
            throw CodecErrorMapping.ingestError(error, stage: .pack, path: displayPath)
        }
        onStage(.pack)
        return PreparedImage(header: header, notes: notes, packed: packed, verified: options.verify,
                             stripped: options.stripMetadata, sourceSHA256: sourceSHA256 ?? packed.sha256)
    }
}
