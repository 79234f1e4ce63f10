import LibC

extension ProbePath {
    /// A path from a command-line argument, with the argument's raw bytes.
    ///
    /// `CommandLine.arguments` (and so ArgumentParser) decodes `argv` lossily: a name that is not
    /// UTF-8 arrives with U+FFFD in place of its bad bytes and no longer names the file. When the
    /// text carries U+FFFD, the raw `argv` entry that decodes to the same text is used instead.
    init(argument: String) {
        guard argument.unicodeScalars.contains("\u{FFFD}") else {
            self.init(argument)
            return
        }
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let raw = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            if String(decoding: raw, as: UTF8.self) == argument {
                self.init(bytes: raw)
                return
            }
        }
        self.init(argument)
    }
}
