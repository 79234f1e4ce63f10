import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which projects a sandbox has, and the rows its project list and foreign-key lookup answer from: the
/// catalogue's projects (`SandboxConfiguration.projects`), or, without one, every positive project id with an
/// empty number and name, made up on demand. `SandboxConfiguration.knownProjects` narrows either.
struct SandboxProjects: Sendable {
    /// A project's outside key, as the foreign-key lookup answers it.
    struct ForeignKey: Sendable, Hashable {
        /// A stable id of the key (1, 2, … over the catalogue's keys, by project id).
        var foreignKeyId: Int
        /// The project it belongs to.
        var projectId: Int
    }

    /// One of a project's outside keys, as its reverse lookup (`GET api/v1/Project/{id}/ForeignKey`) answers it.
    struct ProjectKey: Sendable, Hashable {
        /// The key's stable id (the same as the foreign-key lookup's).
        var foreignKeyId: Int
        /// The application, device and key names, as the catalogue spells them.
        var application: String
        var device: String
        var keyName: String
        /// The key's value for this project.
        var value: String
    }

    let catalogue: SandboxProjectCatalogue?
    let knownProjects: Set<Int>?
    /// The list's columns: the three fixed ones and the catalogue's custom fields.
    let columns: ProjectColumns
    /// When the catalogue was taken in (the foreign keys' Created and Updated dates).
    let loaded: Date
    /// Outside keys by lower-cased `APP/DEVICE/KEY`, then by value: the project with the lowest id.
    private let keys: [String: [String: ForeignKey]]
    /// Each project's outside keys, by project id, in the order of their ids.
    private let projectKeys: [Int: [ProjectKey]]

    init(catalogue: SandboxProjectCatalogue?, knownProjects: Set<Int>?, loaded: Date = Date()) {
        self.catalogue = catalogue
        self.knownProjects = knownProjects
        self.columns = ProjectColumns(fieldColumns: catalogue?.fieldColumns ?? [])
        self.loaded = loaded
        var keys: [String: [String: ForeignKey]] = [:]
        var projectKeys: [Int: [ProjectKey]] = [:]
        var nextId = 1
        for project in catalogue?.projects ?? [] where knownProjects?.contains(project.projectId) ?? true {
            for (spelt, value) in project.foreignKeys.sorted(by: { $0.key < $1.key }) {
                let parts = spelt.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                if parts.count == 3 {
                    projectKeys[project.projectId, default: []].append(ProjectKey(
                        foreignKeyId: nextId, application: parts[0], device: parts[1], keyName: parts[2], value: value))
                }
                let name = spelt.lowercased()
                if keys[name, default: [:]][value] == nil {
                    keys[name, default: [:]][value] = ForeignKey(foreignKeyId: nextId, projectId: project.projectId)
                }
                nextId += 1
            }
        }
        self.keys = keys
        self.projectKeys = projectKeys
    }

    /// Whether the project exists: a positive 32-bit id, in the catalogue and among the known projects when
    /// they are configured.
    func exists(_ projectId: Int) -> Bool {
        guard ProjectIdentifier.isValid(projectId) else { return false }
        if let knownProjects, !knownProjects.contains(projectId) { return false }
        if let catalogue, catalogue.project(id: projectId) == nil { return false }
        return true
    }

    /// The catalogue's project of this id, if there is a catalogue and it exists.
    func project(id: Int) -> SandboxProjectCatalogue.Project? {
        guard exists(id) else { return nil }
        return catalogue?.project(id: id)
    }

    /// The rows the filter lets through, by ascending project id. Without a catalogue, the rows are those of
    /// the existing ids the filter names (`projectId is/eq N`, `projectId in (…)`), each with an empty number
    /// and name, and the filter is evaluated over them; with no filter, there are none.
    func rows(matching filter: ODataFilter?) -> [SandboxProjectCatalogue.Project] {
        if let catalogue {
            return catalogue.projects.filter { project in
                (knownProjects?.contains(project.projectId) ?? true) && (filter?.matches(project) ?? true)
            }
        }
        guard let filter else { return [] }
        return filter.namedProjectIds.filter(exists).sorted()
            .map { SandboxProjectCatalogue.Project(projectId: $0) }
            .filter(filter.matches)
    }

    /// The outside key `application/device/keyName` (any case) whose value is exactly `value`, of the project
    /// with the lowest id that has it.
    func foreignKey(application: String, device: String, keyName: String, value: String) -> ForeignKey? {
        keys["\(application)/\(device)/\(keyName)".lowercased()]?[value]
    }

    /// The outside keys of a project (none when it has none, or there is no catalogue), by key id.
    func foreignKeys(of projectId: Int) -> [ProjectKey] {
        projectKeys[projectId] ?? []
    }
}
