import ImageCodecs
import SuperOfficeWebAPI

/// Builds the BlobEntity submitted as a project's ImageInfo.
///
/// MimeType is the detected type; OriginalSize, BlobSize and IsZipped come from the pack stage;
/// IsEncrypted is false; BlobId is the upload's answer. Description, ConceptualType and ExtraInfo come
/// from the manifest row or the options; when one of them is left open, the server's current value is
/// kept (`current` is the server's ImageInfo, read only in that case: beside the upload in a folder import,
/// after it for a single file).
struct ImageInfoBuilder: Sendable {
    var description: String?
    var conceptualType: String?
    var extraInfo: ExtraInfoPolicy
    /// The file the picture came from (its last path component goes into the image facts as `file=`).
    var fileName: String? = nil

    /// True when some field must come from the server's current ImageInfo.
    var needsCurrentInfo: Bool {
        if description == nil || conceptualType == nil { return true }
        if case .leaveAsIs = extraInfo { return true }
        return false
    }

    func extraInfoText(for prepared: PreparedImage) -> String? {
        switch extraInfo {
        case .imageFacts:
            "width=\(prepared.uploadedHeader.width);height=\(prepared.uploadedHeader.height);sha256=\(prepared.packed.sha256)"
                + (fileName.map { ";file=" + Self.percentEncoded(Self.lastComponent($0)) } ?? "")
        case .fixed(let text):
            text
        case .leaveAsIs:
            nil
        }
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The file name with every byte outside `A–Z a–z 0–9 - . _ ~` as `%XX` (UTF-8), so `;` and `=` never
    /// break the facts apart.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }

    func entity(for prepared: PreparedImage, blobId: Int, current: BlobEntity?) -> BlobEntity {
        var info = BlobEntity()
        info.blobId = blobId
        info.mimeType = prepared.uploadedHeader.format.mimeType
        info.originalSize = prepared.packed.originalSize
        info.blobSize = prepared.packed.blobSize
        info.isZipped = prepared.packed.isZipped
        info.isEncrypted = false
        info.description = description ?? current?.description
        info.conceptualType = conceptualType ?? current?.conceptualType
        info.extraInfo = extraInfoText(for: prepared) ?? current?.extraInfo
        return info
    }
}
