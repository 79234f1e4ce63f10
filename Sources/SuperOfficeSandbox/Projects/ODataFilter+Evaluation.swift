extension ODataFilter {
    /// Whether a project's row satisfies the filter.
    func matches(_ project: SandboxProjectCatalogue.Project) -> Bool {
        switch self {
        case .all(let filters): filters.allSatisfy { $0.matches(project) }
        case .any(let filters): filters.contains { $0.matches(project) }
        case .not(let filter): !filter.matches(project)
        case .test(let comparison): comparison.matches(project)
        }
    }

    /// The project ids the filter names with `projectId is N`, `projectId eq N` or `projectId in (…)`,
    /// anywhere in it: the rows a sandbox without a catalogue makes up to evaluate the filter over.
    var namedProjectIds: Set<Int> {
        switch self {
        case .all(let filters), .any(let filters): filters.reduce(into: Set<Int>()) { $0.formUnion($1.namedProjectIds) }
        case .not(let filter): filter.namedProjectIds
        case .test(let comparison):
            comparison.column.isInteger && (comparison.op == .equal || comparison.op == .oneOf) ? comparison.integerSet : []
        }
    }
}

extension ODataComparison {
    /// Whether a project's value in the column passes the comparison.
    func matches(_ project: SandboxProjectCatalogue.Project) -> Bool {
        if column.isInteger { return matches(integer: project.projectId) }
        return matches(text: Self.fold(column.text(of: project)))
    }

    private func matches(integer: Int) -> Bool {
        guard case .integers(let integers) = values, let first = integers.first else { return false }
        switch op {
        case .equal: return integer == first
        case .notEqual: return integer != first
        case .oneOf: return integerSet.contains(integer)
        case .less: return integer < first
        case .lessOrEqual: return integer <= first
        case .greater: return integer > first
        case .greaterOrEqual: return integer >= first
        case .begins, .notBegins, .contains, .notContains, .ends: return false
        }
    }

    private func matches(text: String) -> Bool {
        guard let first = foldedTexts.first, let needle = foldedCharacters.first else { return false }
        switch op {
        case .equal: return text == first
        case .notEqual: return text != first
        case .oneOf: return foldedSet.contains(text)
        case .begins: return Array(text).starts(with: needle)
        case .notBegins: return !Array(text).starts(with: needle)
        case .contains: return Self.contains(Array(text), needle)
        case .notContains: return !Self.contains(Array(text), needle)
        case .ends:
            let characters = Array(text)
            return characters.count >= needle.count && characters[(characters.count - needle.count)...].elementsEqual(needle)
        case .less: return text < first
        case .lessOrEqual: return text <= first
        case .greater: return text > first
        case .greaterOrEqual: return text >= first
        }
    }

    /// Whether `needle` occurs in `haystack`, character by character.
    private static func contains(_ haystack: [Character], _ needle: [Character]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
