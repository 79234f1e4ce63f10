import ImageCodecs

import LibC

/// One result line of `image-ingest probe`, written as JSON or for people.
struct ProbeOutcome: Sendable {
    var path: String
    var header: ImageHeader?
    var notes: [String] = []
    var verified = false
    var packed: PackedImage?
    var error: CodecError?
    var stage: String?
    /// The code to print when it is not the codec's: a file that cannot be read gets the code every command gives
    /// it (`notFound`, `notARegularFile`, `unreadable`), as `import` does.
    var codeName: String?

    var failed: Bool { error != nil }

    /// The line, newline included, appended to `out`.
    func write(json: Bool, to out: inout [UInt8]) {
        if json { writeJSON(to: &out) } else { writeText(to: &out) }
        out.append(UInt8(ascii: "\n"))
    }

    private func writeJSON(to out: inout [UInt8]) {
        var line = JSONLine()
        line.add("path", path)
        if let error, let stage {
            line.add("error", "\(stage): \(error.message)")
            line.add("stage", stage)
            line.add("code", codeName ?? error.code.description)
            if let format = error.format { line.add("mime", format.mimeType) }
            if let width = error.storedWidth, let height = error.storedHeight {
                line.add("width", width)
                line.add("height", height)
            }
        } else if let packed {
            line.add("originalSize", packed.originalSize)
            line.add("blobSize", packed.blobSize)
            line.add("isZipped", packed.isZipped)
            line.add("sha256", packed.sha256)
        } else if let header {
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
            if verified { line.add("verified", true) }
            if !notes.isEmpty { line.add("notes", strings: notes) }
        }
        out += line.finish()
    }

    private func writeText(to out: inout [UInt8]) {
        var text = path + ": "
        if let error, let stage {
            text += "error: \(stage): \(error.message)"
        } else if let packed {
            text += "\(packed.originalSize) -> \(packed.blobSize) bytes, sha256 \(packed.sha256)"
        } else if let header {
            text += "\(header.format.name) \(header.width)x\(header.height)"
            if header.orientation != 1 {
                text += " (orientation \(header.orientation), displays \(header.displayWidth)x\(header.displayHeight))"
            }
            text += ", \(header.bitDepth)-bit \(header.colorModel)"
            if header.isProgressive { text += ", progressive" }
            if header.isInterlaced { text += ", interlaced" }
            if verified { text += ", verified" }
            for note in notes { text += "; note: \(note)" }
        }
        out += text.utf8
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
