/// Takes `probe`'s paths out of its argument list in one linear pass, before ArgumentParser sees them.
///
/// ArgumentParser 1.8 appends each value of a repeating positional argument to an array boxed in `Any`, copying
/// the array every time: quadratic in the number of paths (10,000 paths from a shell glob took 0.89 s against
/// 0.03 s for the same list through `--files-from`). `probe` is typed with globs, so its paths bypass that.
enum ProbeArgumentSplitter {
    /// `probe`'s options that take a value (as the next argument or after `=`). Every other argument that starts
    /// with `-` is a flag. A test compares this list with the options `probe --experimental-dump-help` lists.
    static let optionsTakingValues: Set<String> = [
        "--files-from", "--jobs", "--memory-budget", "--max-pixels", "--zip-level", "--pack-level",
    ]

    /// Splits `probe`'s arguments (without the subcommand name) into the options with their values and the paths,
    /// each in its original order. After `--` every argument is a path; `-` alone is a path.
    static func split(_ arguments: [String]) -> (options: [String], paths: [String]) {
        var options: [String] = []
        var paths: [String] = []
        paths.reserveCapacity(arguments.count)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                paths += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                paths.append(argument)
                continue
            }
            options.append(argument)
            if optionsTakingValues.contains(argument), index < arguments.endIndex {
                options.append(arguments[index])
                index += 1
            }
        }
        return (options, paths)
    }

    /// The arguments ArgumentParser parses for `probe`: the options, then `--` and the first path, so that
    /// validation and help see a path argument exactly as typed; the remaining paths are returned apart.
    static func argumentsForParser(_ arguments: [String]) -> (parsed: [String], remainingPaths: ArraySlice<String>) {
        let (options, paths) = split(arguments)
        guard let first = paths.first else { return (options, []) }
        return (options + ["--", first], paths.dropFirst())
    }
}
