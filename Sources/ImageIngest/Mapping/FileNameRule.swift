/// What a file name says about its project, by the name rule.
///
/// A name maps only when its stem (the name without its last extension) is all digits (`654.jpg`), or
/// digits followed by `-`, `_` or a space and then something that is not a digit (`654-logo.png`,
/// `654_a.png`, `654 front.jpg`). Any other stem that starts with digits is ambiguous and maps to nothing:
/// dates and times (`2024-01-05 site visit.jpg`, `20240106_101010.jpg`), decimals (`7.5.jpg`), a
/// separator at the end (`654-.jpg`), digits with leading zeros (`007 Bond.jpg`, `0654.jpg`: nobody writes
/// an id that way), and a year from 1900 to 2099 followed by a space or `_` and words (`2019 Summer
/// party.jpg`, `2023_Q3 board.jpg`: an event, not project 2019). On a real tenant a wrong guess overwrites
/// another project's picture.
package enum FileNameMatch: Hashable, Sendable {
    /// The name names this project.
    case project(Int)
    /// The name starts with digits but not in a form the rule accepts; the reason says why.
    case ambiguous(String)
    /// The name does not start with a digit.
    case none

    /// Applies the rule to a file name (no folders).
    package init(fileName name: String) {
        var stem = Substring(name)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else {
            self = .none
            return
        }
        let rest = stem.dropFirst(digits.count)
        if digits.count > 1, digits.first == "0" {
            self = .ambiguous("\(digits) has leading zeros, which no project id is written with")
            return
        }
        if rest.isEmpty {
            if let id = ProjectMapper.projectId(fromDigits: String(digits)) {
                self = .project(id)
            } else {
                self = .ambiguous("\(digits) is not a project id (1…\(ProjectMapper.maximumProjectId))")
            }
            return
        }
        let separator = rest.first!
        let afterSeparator = rest.dropFirst().first
        guard separator == "-" || separator == "_" || separator == " " else {
            self = .ambiguous("the digits are followed by \"\(separator)\", not by -, _ or a space and a word")
            return
        }
        guard let next = afterSeparator, !(next.isASCII && next.isNumber) else {
            self = .ambiguous(afterSeparator == nil
                ? "nothing follows \"\(digits)\(separator)\""
                : "more digits follow \"\(digits)\(separator)\" (a date or a time?)")
            return
        }
        if digits.count == 4, let year = Int(digits), (1900...2099).contains(year), separator == " " || separator == "_" {
            self = .ambiguous("\(digits) followed by words reads as a year (an event), not as a project id")
            return
        }
        guard let id = ProjectMapper.projectId(fromDigits: String(digits)) else {
            self = .ambiguous("\(digits) is not a project id (1…\(ProjectMapper.maximumProjectId))")
            return
        }
        self = .project(id)
    }
}
