import ArgumentParser

/// A size in bytes given on the command line: `268435456`, `256MiB`, `256M`, `1.5GiB`, `512k`.
/// K, M, G and T (with or without `iB`/`B`) are powers of 1024.
struct ByteSize: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    /// The size in bytes.
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let text = argument.filter { $0 != " " }.lowercased()
        let digits = text.prefix { $0.isNumber || $0 == "." }
        var unit = String(text.dropFirst(digits.count))
        if unit.hasSuffix("ib") { unit.removeLast(2) } else if unit.hasSuffix("b") { unit.removeLast() }
        let shift: Int
        switch unit {
        case "": shift = 0
        case "k": shift = 10
        case "m": shift = 20
        case "g": shift = 30
        case "t": shift = 40
        default: return nil
        }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        let bytes = value * Double(1 << shift)
        guard bytes >= 1, bytes < Double(Int.max) else { return nil }
        self.bytes = Int(bytes)
    }

    /// `256 MiB`, `1.5 GiB`, `512 bytes`.
    var description: String {
        for (shift, name) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= 1 << shift {
            let value = Double(bytes) / Double(1 << shift)
            return value == value.rounded() ? "\(Int(value)) \(name)" : "\(value) \(name)"
        }
        return "\(bytes) bytes"
    }
}
