import ImageCodecs
import ImageIngest

import LibC

/// `probe`'s result lines, written as JSON or for people.
enum ProbeOutput {
    /// A probed file's line, newline included, appended to `out`.
    static func write(_ path: String, _ outcome: Result<VerifyReport, IngestError>, verified: Bool, json: Bool,
                      to out: inout [UInt8]) {
        switch outcome {
        case .failure(let error):
            write(path, error, json: json, to: &out)
        case .success(let report) where json:
            var line = JSONLine()
            line.add("path", path)
            let header = report.header
            line.add("mime", header.format.mimeType)
            line.add("width", header.width)
            line.add("height", header.height)
            line.add("displayWidth", header.displayWidth)
            line.add("displayHeight", header.displayHeight)
            line.add("orientation", header.orientation)
            if header.carriesGPS { line.add("carriesGPS", true) }
            line.add("bitDepth", header.bitDepth)
            line.add("components", header.components)
            line.add("colorModel", header.colorModel.rawValue)
            line.add("progressive", header.isProgressive)
            line.add("interlaced", header.isInterlaced)
            // GIF frames, TIFF pages, WebP animation frames, HEIF images; only when there is more than one
            if header.frameCount > 1 { line.add("frames", header.frameCount) }
            if header.isAnimated { line.add("animated", true) }
            if header.hasAlpha { line.add("alpha", true) }
            if verified { line.add("verified", true) }
            if !report.notes.isEmpty { line.add("notes", strings: report.notes) }
            out += line.finish()
        case .success(let report):
            let header = report.header
            var text = path + ": \(header.format.name) \(header.width)x\(header.height)"
            if header.orientation != 1 {
                text += " (orientation \(header.orientation), displays \(header.displayWidth)x\(header.displayHeight))"
            }
            text += ", \(header.bitDepth)-bit \(header.colorModel)"
            if header.isProgressive { text += ", progressive" }
            if header.isInterlaced { text += ", interlaced" }
            if header.hasAlpha, header.colorModel != .rgba, header.colorModel != .grayAlpha { text += ", transparent" }
            if header.frameCount > 1 {
                text += ", \(header.frameCount) \(header.format == .tiff ? "pages" : header.format == .heic ? "images" : "frames")"
                if header.isAnimated { text += " (animated)" }
            }
            if verified { text += ", verified" }
            for note in report.notes { text += "; note: \(note)" }
            out += text.utf8
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// A packed file's line (`--pack`), newline included.
    static func write(_ path: String, packed outcome: Result<IngestResult, IngestError>, json: Bool, to out: inout [UInt8]) {
        switch outcome {
        case .failure(let error):
            write(path, error, json: json, to: &out)
        case .success(let packed) where json:
            var line = JSONLine()
            line.add("path", path)
            line.add("originalSize", packed.originalSize)
            line.add("blobSize", packed.blobSize)
            line.add("isZipped", packed.isZipped)
            line.add("sha256", packed.sha256)
            out += line.finish()
        case .success(let packed):
            out += "\(path): \(packed.originalSize) -> \(packed.blobSize) bytes, sha256 \(packed.sha256)".utf8
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// A failure's line without its newline: the codec's own code, words and what it saw of the file when the codec
    /// refused it, else the library's code (`notFound`, `notARegularFile`, `unreadable`, as `import` says).
    private static func write(_ path: String, _ error: IngestError, json: Bool, to out: inout [UInt8]) {
        var codec: CodecError? = nil
        if case .codec(let cause) = error.cause { codec = cause }
        let message = "\(error.stage.name): \(codec?.message ?? error.message)"
        guard json else {
            out += "\(path): error: \(message)".utf8
            return
        }
        var line = JSONLine()
        line.add("path", path)
        line.add("error", message)
        line.add("stage", error.stage.name)
        line.add("code", codec?.code.description ?? error.code.name)
        if let format = codec?.format { line.add("mime", format.mimeType) }
        if let width = codec?.storedWidth, let height = codec?.storedHeight {
            line.add("width", width)
            line.add("height", height)
        }
        out += line.finish()
    }
}

/// Buffered writes to a file descriptor (standard output): one write call per 64 KiB.
struct ProbeOutputBuffer {
    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 17)
    }

    mutating func append(_ bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Runs `body` on the buffer itself (no copy), then flushes when it holds 64 KiB.
    mutating func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
