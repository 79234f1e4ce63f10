/// Pixel arithmetic for tests that check what a resize or a turn did: the expected picture is computed the
/// slow, obvious way (whole-image turn, area average) and compared with what the codec made.
public struct FixturePixels: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var samples: [UInt8]

    public init(width: Int, height: Int, channels: Int, samples: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
    }

    /// A decoded JPEG (RGB or gray); nil when it does not decode.
    public init?(jpeg bytes: [UInt8]) {
        guard let decoded = FixtureImage.decodedJPEG(bytes), decoded.width > 0, decoded.height > 0 else { return nil }
        let channels = decoded.samples.count / (decoded.width * decoded.height)
        self.init(width: decoded.width, height: decoded.height, channels: channels, samples: decoded.samples)
    }

    /// The picture as a viewer shows it for EXIF `orientation` (1...8).
    public func upright(orientation: Int) -> FixturePixels {
        let turned = orientation >= 5
        let w = turned ? height : width, h = turned ? width : height
        var out = [UInt8](repeating: 0, count: samples.count)
        for y in 0..<height {
            for x in 0..<width {
                let (dx, dy): (Int, Int)
                switch orientation {
                case 2: (dx, dy) = (width - 1 - x, y)
                case 3: (dx, dy) = (width - 1 - x, height - 1 - y)
                case 4: (dx, dy) = (x, height - 1 - y)
                case 5: (dx, dy) = (y, x)
                case 6: (dx, dy) = (height - 1 - y, x)
                case 7: (dx, dy) = (height - 1 - y, width - 1 - x)
                case 8: (dx, dy) = (y, width - 1 - x)
                default: (dx, dy) = (x, y)
                }
                for c in 0..<channels { out[(dy * w + dx) * channels + c] = samples[(y * width + x) * channels + c] }
            }
        }
        return FixturePixels(width: w, height: h, channels: channels, samples: out)
    }

    /// Reduced to `toWidth` × `toHeight` by averaging the area each output pixel covers.
    public func areaAveraged(toWidth: Int, toHeight: Int) -> FixturePixels {
        var out = [UInt8](repeating: 0, count: toWidth * toHeight * channels)
        for oy in 0..<toHeight {
            let y0 = oy * height / toHeight, y1 = max(y0 + 1, (oy + 1) * height / toHeight)
            for ox in 0..<toWidth {
                let x0 = ox * width / toWidth, x1 = max(x0 + 1, (ox + 1) * width / toWidth)
                for c in 0..<channels {
                    var sum = 0
                    for y in y0..<y1 { for x in x0..<x1 { sum += Int(samples[(y * width + x) * channels + c]) } }
                    out[(oy * toWidth + ox) * channels + c] = UInt8(sum / ((y1 - y0) * (x1 - x0)))
                }
            }
        }
        return FixturePixels(width: toWidth, height: toHeight, channels: channels, samples: out)
    }

    /// Mean absolute difference per sample; nil when the sizes differ.
    public func meanDifference(from other: FixturePixels) -> Double? {
        guard width == other.width, height == other.height, channels == other.channels else { return nil }
        var total = 0
        for i in samples.indices { total += abs(Int(samples[i]) - Int(other.samples[i])) }
        return Double(total) / Double(max(1, samples.count))
    }
}
