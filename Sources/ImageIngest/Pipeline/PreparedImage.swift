package import ImageCodecs

/// A file's bytes after the CPU stages: what it is, that it decodes, and the payload to send.
package struct PreparedImage: Sendable {
    /// The header of the file as probed (type, stored and display size, …).
    package var header: ImageHeader
    /// The header of the bytes to upload (`header` unless `changes` says otherwise): what the ImageInfo describes.
    package var uploadedHeader: ImageHeader
    /// What was done to the picture (resized, turned upright, metadata removed).
    package var changes: IngestResult.Changes
    /// Non-fatal decoder notes from verify (empty when verify was off).
    package var notes: [String]
    /// The payload and its sizes and SHA-256 (of the original bytes).
    package var packed: PackedImage
    /// SHA-256 of the file's own bytes: `packed.sha256` unless the picture was changed (then that one is of the
    /// bytes uploaded). The journal keeps this one, so a rerun knows an unchanged source without decoding,
    /// resizing or rewriting it again, and a change check compares the file with itself.
    package var sourceSHA256: String = ""
    /// Whether the file carried GPS information, and whether the bytes to upload still do.
    package var carriedGPS: Bool { header.carriesGPS }
    package var uploadsGPS: Bool { header.carriesGPS && !changes.metadataRemoved }

    /// Probes, optionally verifies, and packs `bytes` (one buffer, no copies, no I/O).
    /// - Parameters:
    ///   - probed: The header of these bytes when the caller read it already (an import's memory estimate): the
    ///     probe passed, so it is not parsed again (verify parses what it decodes; without verify this is the header).
    ///   - onStage: called after each stage passes.
    /// - Throws: `IngestError` at `.probe`, `.verify` or `.pack`.
    package static func prepare(bytes: [UInt8], displayPath: String, options: IngestOptions, probed: ImageHeader? = nil,
                        onStage: (IngestStage) -> Void = { _ in }) throws(IngestError) -> PreparedImage {
        let header: ImageHeader
        var notes: [String] = []
        if let refusal = options.conversionRefusal(of: probed?.format ?? ImageProbe.sniff(Array(bytes.prefix(64))),
                                                   path: displayPath) { throw refusal }
        if options.verify {
            // verify reads the header as probe does, then decodes: the header is parsed once. Only a failure
            // asks probe which stage it belongs to (what probe alone would refuse is a probe failure).
            do throws(CodecError) {
                let report = try ImageVerifier.verify(bytes: bytes, limits: options.limits, policy: options.verifyPolicy)
                header = report.header
                notes = report.notes
            } catch {
                if probed == nil {
                    do throws(CodecError) {
                        _ = try ImageProbe.probe(bytes: bytes, limits: options.limits)
                    } catch let probeError {
                        throw CodecErrorMapping.ingestError(probeError, stage: .probe, path: displayPath)
                    }
                }
                onStage(.probe)
                throw CodecErrorMapping.ingestError(error, stage: .verify, path: displayPath)
            }
            onStage(.probe)
            onStage(.verify)
        } else if let probed {
            header = probed
            onStage(.probe)
        } else {
            do throws(CodecError) {
                header = try ImageProbe.probe(bytes: bytes, limits: options.limits)
            } catch {
                throw CodecErrorMapping.ingestError(error, stage: .probe, path: displayPath)
            }
            onStage(.probe)
        }
        // before the pack: sizes and the SHA-256 then describe the bytes that are uploaded
        var payload = bytes
        var changes = IngestResult.Changes()
        var uploadedHeader = header
        notes += options.conversionNotes(for: header)
        if options.stripMetadata || options.maxSide != nil || options.needsConversion(header.format) {
            do throws(CodecError) {
                (payload, changes) = try adjusted(bytes, header: header, options: options)
                if !changes.isEmpty {
                    uploadedHeader = try ImageProbe.probe(bytes: payload, limits: options.limits)
                }
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
        return PreparedImage(header: header, uploadedHeader: uploadedHeader, changes: changes, notes: notes,
                             packed: packed,
                             sourceSHA256: changes.isEmpty ? packed.sha256 : ImagePacker.sha256Hex(bytes))
    }

    /// The picture as `IngestOptions.convert`, `maxSide` and `stripMetadata` want it: a format the server does not
    /// take converted to a JPEG or PNG (upright, within the side, with only its colour profile); a GIF or a kept
    /// TIFF as it is; a JPEG or PNG fitted within the side (upright, with only its colour profile), else turned
    /// upright (losslessly where the MCU grid allows, then without its EXIF, which names the old orientation),
    /// else without metadata; or the file's own bytes.
    static func adjusted(_ bytes: [UInt8], header: ImageHeader,
                         options: IngestOptions) throws(CodecError) -> ([UInt8], IngestResult.Changes) {
        var changes = IngestResult.Changes()
        if options.needsConversion(header.format) {
            changes.convertedFrom = header.format
            changes.metadataRemoved = true
            changes.resized = options.maxSide.map { max(header.width, header.height) > $0 } ?? false
            do throws(CodecError) {
                return (try PictureConverter.convert(bytes, header: header, maxSide: options.maxSide,
                                                     jpegQuality: options.jpegQuality, limits: options.limits), changes)
            } catch where header.format == .tiff && error.code != .tooLarge {
                // a TIFF libtiff decodes but cannot turn into 8-bit RGB (16-bit CMYK, float samples) can still go
                // up as it is
                var hinted = error
                hinted.message += " (--keep-tiff uploads it as it is)"
                throw hinted
            }
        }
        // the server takes these as they are: an animated GIF keeps its frames, a kept TIFF its pages
        if header.format == .gif || header.format == .tiff { return (bytes, changes) }
        if let maxSide = options.maxSide, max(header.width, header.height) > maxSide {
            changes.resized = true
            changes.metadataRemoved = true
            return (try PictureResizer.resize(bytes, header: header, maxSide: maxSide, jpegQuality: options.jpegQuality,
                                              limits: options.limits), changes)
        }
        if header.format == .jpeg, header.orientation != 1 {
            changes.metadataRemoved = true
            if let upright = try PictureResizer.turnUprightLosslessly(bytes, header: header) {
                changes.upright = .lossless
                return (try MetadataStripper.strip(upright, format: .jpeg, limits: options.limits), changes)
            }
            changes.upright = .reencoded
            return (try PictureResizer.resize(bytes, header: header, maxSide: nil, jpegQuality: options.jpegQuality,
                                              limits: options.limits), changes)
        }
        if options.stripMetadata {
            changes.metadataRemoved = true
            return (try MetadataStripper.strip(bytes, format: header.format, limits: options.limits), changes)
        }
        return (bytes, changes)
    }
}
