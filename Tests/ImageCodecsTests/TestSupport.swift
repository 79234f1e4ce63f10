import ImageCodecs
import ImageFixtures
import Testing

/// Shared helpers of the codec tests.
enum TestSupport {
    /// The error a throwing call raised, or nil when it succeeded.
    static func error<T>(_ body: () throws(CodecError) -> T) -> CodecError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// Writes bytes into a fresh temporary directory under a name and returns the path.
    static func file(_ bytes: [UInt8], named name: String) throws -> (path: String, directory: String) {
        let directory = try FixtureFile.makeTemporaryDirectory(prefix: "codecs-test")
        let path = "\(directory)/\(name)"
        try FixtureFile.write(bytes, to: path)
        return (path, directory)
    }
}
