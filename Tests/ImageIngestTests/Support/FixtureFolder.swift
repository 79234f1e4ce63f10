import ImageFixtures

/// Image folders for the end-to-end tests, encoded with libjpeg/libpng by ImageFixtures.
enum FixtureFolder {
    /// `count` good images named `<id>.jpg` / `<id>.png`, ids starting at `firstId`.
    static func goodImages(in dir: TemporaryDirectory, count: Int, firstId: Int = 100, side: Int = 64) throws {
        for index in 0..<count {
            let id = firstId + index
            if index % 2 == 0 {
                try dir.write("\(id).jpg", FixtureImage.jpeg(width: side, height: side * 3 / 4, seed: id))
            } else {
                try dir.write("\(id).png", FixtureImage.png(width: side, height: side * 3 / 4, seed: id))
            }
        }
    }

    /// A JPEG cut short: probes fine, fails verify.
    static func truncatedJPEG(seed: Int = 7) -> [UInt8] {
        FixtureMutation.truncated(FixtureImage.jpeg(width: 128, height: 96, seed: seed), fraction: 0.6)
    }
}
