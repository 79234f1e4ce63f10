import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes the ImageInfo answer (`SandboxWireFormat.blobEntity`) as JSON, encoding the parts that never
/// change only once.
///
/// Most of an answer is constant: the field rights, the table right and the two associates a sandbox can
/// name (its own, or nobody when the project has no image). Encoding them per answer was most of the
/// sandbox's CPU in an import; here they are encoded when the encoder is made and spliced in, so each
/// answer encodes only the image's own fields. The JSON is the same object `SandboxWireFormat.json` writes
/// for the entity (a test decodes both), with the image's fields first, in sorted order, then
/// `CreatedBy`, `FieldProperties`, `TableRight`, `UpdatedBy`.
struct ImageInfoAnswerEncoder: Sendable {
    /// The sandbox's user, named in the answers for a project with an image.
    let associate: Associate
    private let withImageTail: [UInt8]
    private let withoutImageTail: [UInt8]

    init(associate: Associate) {
        self.associate = associate
        // The sandbox's BlobEntity for a project with an image and for one without: only their associates
        // differ among the constant fields.
        let withImage = SandboxWireFormat.blobEntity(StoredImage(blobId: 1), associate: associate, includeOffset: false)
        let withoutImage = SandboxWireFormat.blobEntity(nil, associate: associate, includeOffset: false)
        withImageTail = Self.tail(of: withImage)
        withoutImageTail = Self.tail(of: withoutImage)
    }

    /// The JSON answer for `image` (`nil`: the project has no image).
    func json(_ image: StoredImage?, includeOffset: Bool) -> [UInt8] {
        var entity = SandboxWireFormat.blobEntity(image, associate: associate, includeOffset: includeOffset)
        let hasImage = (image?.blobId ?? 0) != 0
        Self.removeConstantFields(of: &entity)
        var bytes = SandboxWireFormat.json(entity)
        guard bytes.last == UInt8(ascii: "}") else { return bytes }
        bytes.removeLast()
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: hasImage ? withImageTail : withoutImageTail)
        return bytes
    }

    private static func removeConstantFields(of entity: inout BlobEntity) {
        entity.createdBy = nil
        entity.updatedBy = nil
        entity.tableRight = nil
        entity.fieldProperties = nil
    }

    /// `"CreatedBy":…,"FieldProperties":…,"TableRight":…,"UpdatedBy":…}` of `entity`, encoded once.
    private static func tail(of entity: BlobEntity) -> [UInt8] {
        let constant = BlobEntity(createdBy: entity.createdBy, updatedBy: entity.updatedBy, tableRight: entity.tableRight,
                                  fieldProperties: entity.fieldProperties)
        // `{"CreatedBy":…}` without its opening brace
        return Array(SandboxWireFormat.json(constant).dropFirst())
    }
}
