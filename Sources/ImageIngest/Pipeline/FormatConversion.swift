package import ImageCodecs

/// Which pictures go up in another format than their own (`IngestOptions.convert`, `keepTIFF`).
extension IngestOptions {
    /// Whether a file of `format` has to be converted before the upload: HEIC/HEIF, WebP and BMP (SuperOffice's
    /// upload does not take them) and TIFF (browsers do not show it) unless `keepTIFF`. GIF, PNG and JPEG go up
    /// as they are.
    package func needsConversion(_ format: ImageFormat) -> Bool {
        guard format.isSupported, format.isConvertible else { return false }
        return format == .tiff ? !keepTIFF : !format.isUploadable
    }

    /// The probe stage's refusal of a file of `format` (its header's, or its magic bytes') that needs converting
    /// while `convert` is off: `unsupportedFormat`, as before conversion existed, with the way forward; nil when the
    /// file may go on.
    func conversionRefusal(of format: ImageFormat?, path: String) -> IngestError? {
        guard !convert, let format, needsConversion(format) else { return nil }
        let hint = format == .tiff
            ? "conversion is off; --keep-tiff uploads TIFF as it is"
            : "SuperOffice takes JPEG, PNG, GIF and TIFF, and conversion is off"
        return IngestError(stage: .probe, code: .unsupportedFormat,
                           message: "unsupported format \(format.mimeType) (\(hint))", path: path)
    }

    /// What a file of `header` loses by going up as one picture: the other pages of a TIFF, the other frames of
    /// an animated WebP or a HEIF sequence (converted), or nothing; and a GIF or kept TIFF larger than `maxSide`
    /// goes up at its own size.
    func conversionNotes(for header: ImageHeader) -> [String] {
        var notes: [String] = []
        if needsConversion(header.format), header.frameCount > 1 {
            let unit = header.format == .tiff ? "page" : "frame"
            let left = header.frameCount - 1
            notes.append("\(header.format.name) of \(header.frameCount) \(unit)s: the first was converted, "
                + "\(left) \(unit)\(left == 1 ? " was" : "s were") left out")
        }
        if !needsConversion(header.format), header.format == .gif || header.format == .tiff,
           let maxSide, max(header.width, header.height) > maxSide {
            notes.append("\(header.format.name) uploaded as it is at \(header.width)x\(header.height): "
                + "only JPEG, PNG and converted pictures are fitted within the maximum side (\(maxSide))")
        }
        return notes
    }
}
