import ImageIngest
import Testing

@Suite struct ProjectMapperTests {
    @Test(arguments: [
        ("654.jpg", 654), ("654-logo.png", 654), ("654_a.png", 654), ("12/logo.png", 12), ("12/34.png", 34),
        ("a/12/b/logo.png", 12),
    ])
    func mapsByNameOrFolder(path: String, expected: Int) {
        #expect(ProjectMapper.projectId(forPath: path) == expected)
    }

    @Test(arguments: ["logo.png", "0.jpg", "99999999999.jpg", "x654.jpg", "photos2023/logo.png"])
    func leavesUnmapped(path: String) {
        #expect(ProjectMapper.projectId(forPath: path) == nil)
    }

    @Test func twoFilesForOneProjectFailBothNamingBoth() {
        let found = ["654.jpg", "654-logo.png", "7.png", "readme.txt"].map { DiscoveredFile(relativePath: $0, kind: .regular) }
        let plan = ProjectMapper.plan(discovered: found, manifest: nil)
        #expect(plan.files.map(\.relativePath) == ["7.png"])
        #expect(plan.unmapped == ["readme.txt"])
        #expect(plan.failures.count == 2)
        for failure in plan.failures {
            #expect(failure.code == .duplicateProject)
            #expect(failure.message.contains("654.jpg") && failure.message.contains("654-logo.png"))
        }
    }
}
