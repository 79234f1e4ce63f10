/// A path as the file system spells it (raw bytes, so a name that is not UTF-8 still opens), and the text shown
/// for it (invalid UTF-8 repaired with U+FFFD): what `Ingestor.probe` and `Ingestor.prepare` take and walk.
package struct RawPath: Sendable, Hashable {
    /// The raw path, NUL-terminated.
    package let raw: [CChar]
    /// The path for output.
    package let display: String

    /// A path given as text.
    package init(_ text: String) {
        raw = Array(text.utf8CString)
        display = text
    }

    /// A path given as its bytes (without a NUL).
    package init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        raw = bytes.map { CChar(bitPattern: $0) } + [0]
        display = String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes without the terminating NUL.
    package var bytes: [UInt8] { raw.dropLast().map { UInt8(bitPattern: $0) } }

    /// The path of `name` inside this folder.
    package func child(_ name: [UInt8]) -> RawPath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        return RawPath(bytes: joined + name)
    }

    /// The last component's bytes (the whole path when it has no `/`).
    package var lastComponent: [UInt8] {
        let bytes = self.bytes
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    package func withCString<T>(_ body: (UnsafePointer<CChar>) throws(IngestError) -> T) throws(IngestError) -> T {
        try raw.withUnsafeBufferPointer { buffer throws(IngestError) in try body(buffer.baseAddress!) }
    }

    package func withCString<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        raw.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
