import ArgumentParser
import ImageCodecs
import ImageIngest

/// `--zip never|always|auto`.
enum ZipChoice: String, ExpressibleByArgument, CaseIterable {
    case never, always, auto

    var policy: ZipPolicy {
        switch self {
        case .never: .never
        case .always: .always(level: ZipPolicy.defaultLevel)
        case .auto: .automatic
        }
    }
}

/// Processing flags shared by `put` and `import`.
struct ProcessingOptions: ParsableArguments {
    @Option(help: "Send the payload zlib-compressed: never (default), always, or auto (when it saves at least 5%).")
    var zip: ZipChoice = .never

    @Flag(name: .customLong("no-verify"), help: "Skip the full decode (probe only).")
    var noVerify = false

    @Flag(help: "Fail a file on any decoder warning, even one that loses no pixel (stray bytes, ancillary-chunk errors).")
    var strict = false

    @Option(help: ArgumentHelp("""
        The ImageInfo Description (in an import, for each file its manifest row leaves open; default: leave \
        the server's).
        """, valueName: "TEXT"))
    var description: String?

    @Option(help: ArgumentHelp("""
        The ImageInfo ConceptualType (as --description). With both given, and ExtraInfo set (the default), no \
        file needs the server's current ImageInfo: one request less per file.
        """, valueName: "TEXT"))
    var conceptualType: String?

    @Flag(name: .customLong("no-extra-info"), help: "Leave ExtraInfo as the server has it (default: width=…;height=…;sha256=…).")
    var noExtraInfo = false

    @Flag(help: "Read, probe, verify and pack, but submit nothing (and write no journal).")
    var dryRun = false

    @Flag(help: "One JSON object per line on stdout (the default when stdout is not a terminal).")
    var json = false

    func apply(to options: inout IngestOptions) {
        options.zip = zip.policy
        options.verify = !noVerify
        options.verifyPolicy = strict ? .strict : .standard
        options.dryRun = dryRun
        if noExtraInfo { options.extraInfo = .leaveAsIs }
        options.description = description
        options.conceptualType = conceptualType
    }
}
