import LibC

/// A command-line argument's raw bytes.
///
/// `CommandLine.arguments` (and so ArgumentParser) decodes `argv` lossily: a name that is not UTF-8 arrives with
/// U+FFFD in place of its bad bytes and no longer names the file. When the text carries U+FFFD, the raw `argv`
/// entry that decodes to the same text is taken instead.
enum ArgumentBytes {
    static func of(_ argument: String) -> [UInt8] {
        guard argument.unicodeScalars.contains("\u{FFFD}") else { return Array(argument.utf8) }
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let raw = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            if String(decoding: raw, as: UTF8.self) == argument { return Array(raw) }
        }
        return Array(argument.utf8)
    }
}
