import LibC

/// Hands every image the fixtures build to the fuzzer as a seed: when the environment variable
/// `IMAGE_INGEST_FIXTURE_EXPORT` names a directory, each built or mutated image is also written
/// there, named by a hash of its content (`Scripts/fuzz.sh` sets it while it runs the codec tests).
/// Without the variable nothing is written.
enum FixtureExport {
    private static let directory: String? = {
        guard let value = getenv("IMAGE_INGEST_FIXTURE_EXPORT"), value.pointee != 0 else { return nil }
        return String(cString: value)
    }()

    /// Writes `bytes` to the export directory when one is set (best effort), and answers them unchanged.
    static func keep(_ bytes: [UInt8]) -> [UInt8] {
        guard let directory, !bytes.isEmpty, bytes.count <= 1 << 20 else { return bytes }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let name = String(hash, radix: 16)
        try? FixtureFile.write(bytes, to: "\(directory)/test-\(name)")
        return bytes
    }
}
