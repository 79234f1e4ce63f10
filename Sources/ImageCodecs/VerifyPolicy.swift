/// How ``ImageVerifier`` treats decoder warnings that lose no pixel.
///
/// Damage that loses or changes pixels (truncation, corrupt entropy data, a marker inside the data, a lost
/// restart, CRC errors, a missing IEND) fails under either policy.
public enum VerifyPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Warnings that lose no pixel (garbage between JPEG header segments, a few stray bytes before a JPEG's
    /// EOI as some cameras write them, libpng's benign ancillary-chunk errors) become notes and the file
    /// passes, as djpeg, browsers and Pillow show it. The default.
    case standard
    /// Any warning fails the file with ``CodecError/Code/warning``, its text as the message.
    case strict
}
