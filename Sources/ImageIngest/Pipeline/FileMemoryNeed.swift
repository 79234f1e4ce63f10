package import ImageCodecs

/// How much of the import's memory budget a file takes: its bytes, held from the read to the end of
/// its upload, and what its CPU stages need on top (the decode estimated from its header, and a second
/// copy of the bytes while it is zipped), held only while they run.
package struct FileMemoryNeed: Hashable, Sendable {
    /// The file's bytes.
    package var fileBytes: Int
    /// What verify and pack need besides the file's bytes.
    package var workBytes: Int
    /// The header the estimate read (nil when it was not read, or the probe failed): handed to the pipeline, so
    /// that the header is parsed once (`PreparedImage.prepare(bytes:displayPath:options:probed:onStage:)`).
    package var header: ImageHeader? = nil

    /// Both together.
    package var total: Int { fileBytes + workBytes }

    /// zlib's deflate state at the default memory level (its window, hash chains and pending buffer).
    static let deflateStateBytes = 300 << 10

    /// Estimates the need of the file at `path` of `size` bytes from its header (a small `pread`); a file
    /// that cannot be probed needs no decode memory (its probe fails before any decode).
    package static func estimate(path: String, size: Int, options: IngestOptions) -> FileMemoryNeed {
        estimate(size: size, options: options) { limits throws(CodecError) in try DecodeMemory.estimate(fileAtPath: path, limits: limits) }
    }

    /// As `estimate(path:size:options:)`, for the file open as `descriptor` (read with `pread`: the file's offset
    /// stays at its start for the read that follows).
    package static func estimate(descriptor: Int32, size: Int, options: IngestOptions) -> FileMemoryNeed {
        estimate(size: size, options: options) { limits throws(CodecError) in
            try DecodeMemory.estimate(fileDescriptor: descriptor, limits: limits)
        }
    }

    private static func estimate(
        size: Int, options: IngestOptions,
        header: (CodecLimits) throws(CodecError) -> DecodeMemory.Estimate
    ) -> FileMemoryNeed {
        var work = 0
        // one header read answers the verify's, the conversion's and the metadata removal's need (a file whose
        // header cannot be read needs no decode memory: its probe fails before any decode)
        let adjusts = options.stripMetadata || options.maxSide != nil
        let estimate = options.verify || adjusts || options.convert ? try? header(options.limits) : nil
        if options.verify, let estimate { work = estimate.bytes }
        if options.convert, let estimate, options.needsConversion(estimate.header.format) {
            // the decoder's buffers and the new picture beside the file's bytes (see PictureConverter.memoryNeed)
            let convert = PictureConverter.memoryNeed(header: estimate.header, convertBytes: estimate.convertBytes,
                                                      maxSide: options.maxSide)
            return FileMemoryNeed(fileBytes: max(0, size), workBytes: max(work, convert), header: estimate.header)
        }
        if options.stripMetadata {
            // the coefficients (JPEG) and the rewritten copy beside the original
            work = max(work, (estimate?.stripBytes ?? 0) + size)
        }
        if adjusts, let estimate {
            // resized or turned upright: the new picture beside the file's bytes (see PictureResizer.memoryNeed)
            work = max(work, PictureResizer.memoryNeed(
                header: estimate.header, fileBytes: size, decodeBytes: estimate.bytes, transcodeBytes: estimate.stripBytes,
                maxSide: options.maxSide, turnsUpright: true))
        }
        if options.zip != .never {
            // the compressed copy exists beside the original until the smaller one is kept
            work = max(work, size + deflateStateBytes)
        }
        return FileMemoryNeed(fileBytes: max(0, size), workBytes: work, header: estimate?.header)
    }
}
