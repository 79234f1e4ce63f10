import Foundation
@testable import SuperOfficeWebAPI
import Testing

/// The brief scanner answers what JSONDecoder answers, or leaves the answer to it.
@Suite struct BriefBlobEntityScannerTests {
    /// What JSONDecoder makes of `json`: the entity, or nil when it throws.
    private func decoded(_ json: String) -> BlobEntity? {
        try? JSONDecoder().decode(BriefBlobEntity.self, from: Data(json.utf8)).entity
    }

    private func scanned(_ json: String) -> BlobEntity? {
        BriefBlobEntityScanner.scan(Array(json.utf8))?.entity
    }

    @Test func aServersAnswerScansAsJSONDecoderDecodesIt() throws {
        // an answer as the server (and the sandbox) writes it, slashes escaped, with everything brief skips
        let json = #"""
            {"BlobId":1002,"BlobSize":30813,"Description":"Front \/ side \"A\" \u00e9\u4e2d\n","ExtraInfo":"width=128;height=128;sha256=5bc7;file=a\/b.png",
             "IsEncrypted":false,"IsZipped":true,"MimeType":"image\/png","OriginalSize":-30813,
             "CreatedDate":"2026-12-07T22:53:53","UpdatedDate":"2026-12-07T22:53:53.5",
             "CreatedBy":{"AssociateId":5,"Name":"RJ","Rank":0.5e-3,"Deleted":false,"UserName":null,"List":[1,-0,2.25E+2,[],{}]},
             "UpdatedBy":null,"ConceptualType":"PHOTO",
             "TableRight":{"Mask":"FULL","Reason":""},
             "FieldProperties":{"BlobId":{"FieldRight":{"Mask":"FULL","Reason":"\u00e9 x"},"FieldType":"System.Int32","FieldLength":0}}}
            """#
        let entity = try #require(self.scanned(json))
        #expect(entity == decoded(json))
        #expect(entity.mimeType == "image/png")
        #expect(entity.description == "Front / side \"A\" é中\n")
        #expect(entity.isZipped == true && entity.originalSize == -30813)
        #expect(self.scanned("{}") == BlobEntity())
        #expect(self.scanned(#" {"BlobId":null,"MimeType":null} "#) == decoded(#"{"BlobId":null,"MimeType":null}"#))
    }

    @Test(arguments: [
        // not JSON, or not an object
        "", "[]", "null", "{", #"{"BlobId":1"#, #"{"BlobId":1,}"#, #"{"BlobId":1} x"#, #"{,}"#, #"{"A":01}"#,
        #"{"A":1.}"#, #"{"A":-}"#, #"{"A":"\x"}"#, #"{"A":"\u12"}"#, #"{"A":[1,]}"#, #"{"A":{"B"}}"#, #"{"A":tru}"#,
        "{\"A\":\"a\u{01}\"}",
        // wrong types, and numbers JSONDecoder may read its own way
        #"{"BlobId":"1"}"#, #"{"BlobId":1.0}"#, #"{"BlobId":1e2}"#, #"{"BlobId":99999999999999999999}"#,
        #"{"IsZipped":1}"#, #"{"MimeType":5}"#, #"{"MimeType":["a"]}"#, #"{"BlobId":true}"#,
        // duplicates, escaped keys, surrogates
        #"{"BlobId":1,"BlobId":2}"#, #"{"A":1,"A":2,"BlobId":3}"#, #"{"Blob\u0049d":4}"#, #"{"MimeType":"\ud83d\ude00"}"#,
        #"{"blobid":5,"BLOBID":6}"#,
    ])
    func whatItAnswersJSONDecoderAnswersToo(json: String) {
        if let entity = self.scanned(json) {
            #expect(entity == decoded(json), "\(json)")
        }
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        var bytes = Array(#"{"MimeType":"image/png","A":"x"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        #expect(BriefBlobEntityScanner.scan(bytes) == nil)
        var kept = Array(#"{"MimeType":"image/png"}"#.utf8)
        kept[kept.count - 4] = 0xC3
        #expect(BriefBlobEntityScanner.scan(kept) == nil)
    }
}
