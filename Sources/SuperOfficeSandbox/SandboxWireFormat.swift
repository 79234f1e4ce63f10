import SuperOfficeWebAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the sandbox writes its answers: BlobEntity with rights, dates as the real server sends them.
enum SandboxWireFormat {
    /// `0001-01-01T00:00:00`, the server's "no date".
    static let noDate = SuperOfficeDate("0001-01-01T00:00:00")!

    /// A UTC date with no fraction: no zone designator by default, `+00:00` when `SO-TimeZone` asks for
    /// `includeTZOffset` (Created/Updated dates are always UTC, only tagged as such). The offset is written
    /// with a colon, as .NET's JSON serialisers and the reference samples write it (`+01:00`).
    static func date(_ date: Date?, includeOffset: Bool) -> SuperOfficeDate {
        guard let date else {
            return includeOffset ? SuperOfficeDate("0001-01-01T00:00:00+00:00")! : noDate
        }
        return SuperOfficeDate(date: date, fractionDigits: 0, zone: includeOffset ? .offset(minutes: 0, colon: true) : .unspecified)
    }

    /// The ImageInfo answer for a project: its stored description, or an empty one when it has none.
    static func blobEntity(_ image: StoredImage?, associate: Associate, includeOffset: Bool) -> BlobEntity {
        var entity = imageFields(image, includeOffset: includeOffset)
        let constant = constantFields(hasImage: image?.hasImage ?? false, associate: associate)
        entity.createdBy = constant.createdBy
        entity.updatedBy = constant.updatedBy
        entity.tableRight = constant.tableRight
        entity.fieldProperties = constant.fieldProperties
        return entity
    }

    /// The fields of an ImageInfo answer that come from the stored image (sizes, texts, dates).
    static func imageFields(_ image: StoredImage?, includeOffset: Bool) -> BlobEntity {
        let image = image ?? StoredImage()
        return BlobEntity(
            blobId: image.blobId, blobSize: image.blobSize, description: image.description, extraInfo: image.extraInfo,
            isEncrypted: image.isEncrypted, isZipped: image.isZipped, mimeType: image.mimeType,
            originalSize: image.originalSize,
            createdDate: date(image.created, includeOffset: includeOffset),
            updatedDate: date(image.updated, includeOffset: includeOffset),
            conceptualType: image.conceptualType)
    }

    /// The fields of an ImageInfo answer that depend only on whether the project has an image: who created
    /// and updated it (the sandbox's user, or nobody), the table right and the field rights.
    static func constantFields(hasImage: Bool, associate: Associate) -> BlobEntity {
        let nobody = Associate(
            associateId: 0, name: "", personId: 0, rank: 0, tooltip: "", type: "Unknown", groupIdx: 0, fullName: "",
            formalName: "", deleted: false, ejUserId: 0, userName: "", tableRight: TableRight(mask: "FULL", reason: ""),
            fieldProperties: [:])
        return BlobEntity(createdBy: hasImage ? associate : nobody, updatedBy: hasImage ? associate : nobody,
                          tableRight: TableRight(mask: "FULL", reason: ""), fieldProperties: fieldProperties)
    }

    /// Field rights of a BlobEntity: everything updatable except the server-managed fields.
    static let fieldProperties: [String: FieldProperty] = {
        func field(_ type: String, _ length: Int, _ mask: String = "FULL") -> FieldProperty {
            FieldProperty(fieldRight: FieldRight(mask: mask, reason: ""), fieldType: type, fieldLength: length)
        }
        return [
            "BlobId": field("System.Int32", 0, "Read"),
            "BlobSize": field("System.Int32", 0),
            "Description": field("System.String", 2047),
            "ExtraInfo": field("System.String", 255),
            "IsEncrypted": field("System.Boolean", 0),
            "IsZipped": field("System.Boolean", 0),
            "MimeType": field("System.String", 255),
            "OriginalSize": field("System.Int32", 0),
            "CreatedDate": field("System.DateTime", 0, "Read"),
            "UpdatedDate": field("System.DateTime", 0, "Read"),
            "CreatedBy": field("SuperOffice.CRM.Services.Associate", 0, "Read"),
            "UpdatedBy": field("SuperOffice.CRM.Services.Associate", 0, "Read"),
            "ConceptualType": field("System.String", 255),
        ]
    }()

    /// JSON bytes of a value (keys sorted, so answers are stable).
    static func json<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(value))) ?? Array("null".utf8)
    }

    /// A 1×1 transparent PNG, the answer to `GET …/Image?ifBlank=ClearPixel` (and the other blank images).
    static let clearPixelPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x60, 0x00, 0x02, 0x00,
        0x00, 0x05, 0x00, 0x01, 0xE9, 0xFA, 0xDC, 0xD8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ]
}
