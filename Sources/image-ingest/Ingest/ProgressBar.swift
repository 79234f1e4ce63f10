/// The terminal progress line on stderr: files done/total, MB/s, ETA, failures so far.
/// Redrawn at most ten times a second; other lines are printed above it with `printAbove`.
struct ProgressBar {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var total = 0
    private var totalBytes = 0
    private var finished = 0
    private var bytes = 0
    private var failures = 0
    private var visible = false

    init() {
        start = clock.now
    }

    mutating func plan(files: Int, bytes: Int) {
        total = files
        totalBytes = bytes
        draw(force: true)
    }

    mutating func fileFinished(bytes: Int, failed: Bool) {
        finished += 1
        self.bytes += bytes
        if failed { failures += 1 }
        draw(force: false)
    }

    mutating func failedUpFront() {
        failures += 1
    }

    mutating func printAbove(_ line: String) {
        clear()
        Terminal.standardError(line)
        draw(force: true)
    }

    mutating func clear() {
        if visible { Terminal.standardErrorRaw("\r\u{1B}[2K") }
        visible = false
    }

    private mutating func draw(force: Bool) {
        let now = clock.now
        if !force, let lastDraw, now - lastDraw < .milliseconds(100), finished < total { return }
        lastDraw = now
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(bytes) / 1e6 / elapsed : 0
        let width = 24
        let filled = total > 0 ? min(width, width * finished / total) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = "--"
        if bytes > 0, totalBytes > bytes, elapsed > 0.5 {
            eta = Self.duration(Double(totalBytes - bytes) / (Double(bytes) / elapsed))
        } else if finished == total {
            eta = "0s"
        }
        var line = "\r\u{1B}[2K\(bar) \(finished)/\(total) files  \(Self.format(rate)) MB/s  ETA \(eta)"
        if failures > 0 { line += "  \(failures) failed" }
        Terminal.standardErrorRaw(line)
        visible = true
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format2: s % 60))s" }
        return "\(s / 3600)h\(String(format2: (s % 3600) / 60))m"
    }
}

extension String {
    /// Two digits, zero padded.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
