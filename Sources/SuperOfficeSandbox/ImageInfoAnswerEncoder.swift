import SuperOfficeWebAPI

/// Writes the ImageInfo answer (`SandboxWireFormat.blobEntity`) as JSON, encoding the parts that never
/// change only once.
///
/// Most of an answer is constant (`SandboxWireFormat.constantFields`): the field rights, the table right
/// and the two associates a sandbox can name (its own, or nobody when the project has no image). Encoding
/// them per answer was most of the sandbox's CPU in an import; here they are encoded when the encoder is
/// made and spliced in after the image's own fields (`SandboxWireFormat.imageFields`), encoded per answer.
/// The result is one JSON object with every field once: the image's fields in sorted order, then
/// `CreatedBy`, `FieldProperties`, `TableRight`, `UpdatedBy` (SandboxContractTests checks the answers).
struct ImageInfoAnswerEncoder: Sendable {
    private let withImageTail: [UInt8]
    private let withoutImageTail: [UInt8]

    init(associate: Associate) {
        withImageTail = Self.tail(SandboxWireFormat.constantFields(hasImage: true, associate: associate))
        withoutImageTail = Self.tail(SandboxWireFormat.constantFields(hasImage: false, associate: associate))
    }

    /// The JSON answer for `image` (`nil`: the project has no image).
    func json(_ image: StoredImage?, includeOffset: Bool) -> [UInt8] {
        var bytes = SandboxWireFormat.json(SandboxWireFormat.imageFields(image, includeOffset: includeOffset))
        guard bytes.last == UInt8(ascii: "}") else { return bytes }
        bytes.removeLast()
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: image?.hasImage == true ? withImageTail : withoutImageTail)
        return bytes
    }

    /// `"CreatedBy":…,"FieldProperties":…,"TableRight":…,"UpdatedBy":…}`: the constant fields' JSON object
    /// without its opening brace.
    private static func tail(_ constant: BlobEntity) -> [UInt8] {
        Array(SandboxWireFormat.json(constant).dropFirst())
    }
}
