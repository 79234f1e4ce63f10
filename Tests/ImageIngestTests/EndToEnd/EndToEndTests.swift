import Testing

/// The end-to-end suites (each runs the built executable, and most start a sandbox): run one test at a
/// time, so a full `swift test` on two cores is not flooded with child processes at once.
@Suite(.serialized) enum EndToEndTests {}
