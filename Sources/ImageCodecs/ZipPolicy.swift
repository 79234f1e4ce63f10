/// Whether an image's payload is stored as a zlib stream.
public enum ZipPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Never compress: the payload is the original bytes (the default; the WebAPI documents
    /// IsZipped as not yet supported).
    case never
    /// Always compress at a zlib level 0...9.
    case always(level: Int)
    /// Compress, but keep the compressed form only when it saves at least `minimumSaving`
    /// (a share of the original size, e.g. 0.05 for 5%).
    case auto(level: Int, minimumSaving: Double)

    /// zlib's default level.
    public static let defaultLevel = 6
    /// The default minimum saving of ``auto(level:minimumSaving:)``: 5%.
    public static let defaultMinimumSaving = 0.05
    /// `.auto` at the default level and minimum saving.
    public static let automatic = ZipPolicy.auto(level: defaultLevel, minimumSaving: defaultMinimumSaving)

    /// Parses `never`, `always`, `always:LEVEL`, `auto`, `auto:LEVEL` or `auto:LEVEL:SAVING`
    /// (SAVING as a share, `0.05`, or a percentage, `5%`).
    /// - Parameter text: The text to parse.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func level(_ index: Int) -> Int? {
            guard parts.count > index else { return ZipPolicy.defaultLevel }
            guard let value = Int(parts[index]), (0...9).contains(value) else { return nil }
            return value
        }
        switch parts.first {
        case "never", "off", "no", "false":
            guard parts.count == 1 else { return nil }
            self = .never
        case "always", "on", "yes", "true":
            guard parts.count <= 2, let level = level(1) else { return nil }
            self = .always(level: level)
        case "auto":
            guard parts.count <= 3, let level = level(1) else { return nil }
            var saving = ZipPolicy.defaultMinimumSaving
            if parts.count == 3 {
                let raw = parts[2]
                if raw.hasSuffix("%"), let percent = Double(raw.dropLast()) {
                    saving = percent / 100
                } else if let share = Double(raw) {
                    saving = share
                } else {
                    return nil
                }
                guard (0...1).contains(saving) else { return nil }
            }
            self = .auto(level: level, minimumSaving: saving)
        default:
            return nil
        }
    }

    /// The policy as ``init(parsing:)`` reads it, e.g. `auto:6:0.05`.
    public var description: String {
        switch self {
        case .never: "never"
        case .always(let level): "always:\(level)"
        case .auto(let level, let saving): "auto:\(level):\(saving)"
        }
    }
}
