import CImageCodecs

import LibC

/// Glue between the C shim's plain types and the Swift API (internal).
enum CodecBridge {
    typealias Entry = (Int32, UnsafePointer<cic_limits>, UnsafeMutablePointer<cic_result>) -> cic_status
    typealias MemoryEntry = (UnsafePointer<UInt8>, Int, UnsafePointer<cic_limits>, UnsafeMutablePointer<cic_result>) -> cic_status

    static func cLimits(_ limits: CodecLimits) -> cic_limits {
        func positive(_ value: Int) -> UInt64 { value > 0 ? UInt64(value) : 0 }
        return cic_limits(
            max_pixels: positive(limits.maxPixels),
            max_file_bytes: positive(limits.maxFileBytes),
            max_memory: positive(limits.maxDecoderMemory),
            max_scans: UInt32(clamping: max(0, limits.maxProgressiveScans)),
            max_chunk_bytes: UInt32(clamping: max(0, limits.maxChunkBytes)))
    }

    /// Runs a memory entry point over the bytes (an empty array is passed as a zero-length buffer).
    static func run(bytes: [UInt8], limits: CodecLimits, _ entry: MemoryEntry) -> (cic_status, cic_result) {
        var cl = cLimits(limits)
        var result = cic_result()
        let status = bytes.withUnsafeBufferPointer { buffer -> cic_status in
            withUnsafePointer(to: &cl) { limitsPointer in
                if let base = buffer.baseAddress {
                    return entry(base, buffer.count, limitsPointer, &result)
                }
                var empty: UInt8 = 0
                return entry(&empty, 0, limitsPointer, &result)
            }
        }
        return (status, result)
    }

    /// Runs a descriptor entry point.
    static func run(fileDescriptor: Int32, limits: CodecLimits, _ entry: Entry) -> (cic_status, cic_result) {
        var cl = cLimits(limits)
        var result = cic_result()
        let status = entry(fileDescriptor, &cl, &result)
        return (status, result)
    }

    /// Opens a file read-only, runs body with the descriptor, and closes it.
    static func withFile<T>(atPath path: String, _ body: (Int32) throws(CodecError) -> T) throws(CodecError) -> T {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (fstat then refuses it as not a regular file).
        // O_NOCTTY: a terminal device given as a path never becomes our controlling terminal.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            throw CodecError(code: .io, message: "cannot open: \(reason)")
        }
        defer { close(fd) }
        return try body(fd)
    }

    static func format(_ raw: Int32) -> ImageFormat? {
        switch cic_format(rawValue: raw) {
        case .jpeg: .jpeg
        case .png: .png
        case .gif: .gif
        case .webp: .webp
        case .tiff: .tiff
        case .bmp: .bmp
        case .heic: .heic
        case .avif: .avif
        case .pdf: .pdf
        case .svg: .svg
        case .jxl: .jxl
        case .jp2: .jp2
        case .psd: .psd
        case .unknown, nil: nil
        }
    }

    static func colorModel(_ raw: Int32) -> ColorModel {
        switch cic_color(rawValue: raw) {
        case .gray: .gray
        case .gray_alpha: .grayAlpha
        case .rgb: .rgb
        case .rgba: .rgba
        case .palette: .palette
        case .ycbcr: .ycbcr
        case .cmyk: .cmyk
        case .ycck: .ycck
        case .unknown, nil: .unknown
        }
    }

    static func text<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    static func header(_ r: cic_result) -> ImageHeader {
        var header = ImageHeader(
            format: format(r.format) ?? .jpeg,
            width: Int(r.width), height: Int(r.height),
            bitDepth: Int(r.bit_depth), components: Int(r.components),
            colorModel: colorModel(r.color),
            isProgressive: r.progressive != 0, isInterlaced: r.interlaced != 0,
            orientation: Int(r.orientation), carriesGPS: r.has_gps != 0)
        header.frameCount = max(1, Int(r.frame_count))
        header.hasAlpha = r.has_alpha != 0 || header.colorModel == .rgba || header.colorModel == .grayAlpha
        header.isAnimated = r.animated != 0
        return header
    }

    static func notes(_ r: cic_result) -> [String] {
        let all = text(r.notes)
        return all.isEmpty ? [] : all.split(separator: "\n").map(String.init)
    }

    /// The header on success; the mapped error otherwise.
    static func check(_ status: cic_status, _ r: cic_result) throws(CodecError) -> ImageHeader {
        let fmt = format(r.format)
        var message = text(r.message)
        let code: CodecError.Code
        switch status {
        case .ok: return header(r)
        case .not_an_image: code = .notAnImage
        case .unsupported_format:
            code = .unsupportedFormat
            message = "unsupported format \(fmt?.mimeType ?? "unknown")"
        case .invalid_header: code = .invalidHeader
        case .truncated: code = .truncated
        case .corrupt_data: code = .corruptData
        case .too_large: code = .tooLarge
        case .unsupported_feature: code = .unsupportedFeature
        case .io: code = .io
        case .compression: code = .compression
        }
        if message.isEmpty { message = code.description }
        var error = CodecError(code: code, message: message, format: fmt,
                               libraryCode: r.lib_code != 0 ? Int(r.lib_code) : nil)
        if r.width > 0 {
            error.storedWidth = Int(r.width)
            error.storedHeight = Int(r.height)
        }
        throw error
    }
}
