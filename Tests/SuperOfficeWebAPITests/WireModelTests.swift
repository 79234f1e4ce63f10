import Foundation
import SuperOfficeWebAPI
import Testing

@Suite struct WireModelTests {
    @Test func nullsAndMissingFieldsDecode() throws {
        let json = """
            {"BlobId": 731, "BlobSize": null, "Description": null, "MimeType": "image/jpeg", "CreatedBy": null,
             "UpdatedBy": {"AssociateId": 5, "UserName": null}, "TableRight": null, "FieldProperties": {}}
            """
        let entity = try JSONDecoder().decode(BlobEntity.self, from: Data(json.utf8))
        #expect(entity.blobId == 731)
        #expect(entity.blobSize == nil)
        #expect(entity.description == nil)
        #expect(entity.createdBy == nil)
        #expect(entity.updatedBy == Associate(associateId: 5))
        #expect(entity.fieldProperties == [:])
        #expect(try JSONDecoder().decode(BlobEntity.self, from: Data("{}".utf8)) == BlobEntity())
    }

    @Test func theRealServersAssociateDecodes() throws {
        // Shape of a real SuperOffice Online answer (fact sheet §2).
        let json = """
            {"TableRight":{"Mask":"FULL","Reason":""},"FieldProperties":{},"AssociateId":5,"Name":"RJ","PersonId":5,
             "Rank":0,"Tooltip":"","Type":"InternalAssociate","GroupIdx":2,"FullName":"Ron Jones","FormalName":"Jones, Ron",
             "Deleted":false,"EjUserId":2,"UserName":null}
            """
        let associate = try JSONDecoder().decode(Associate.self, from: Data(json.utf8))
        #expect(associate.type == "InternalAssociate")
        #expect(associate.userName == nil)
        #expect(associate.tableRight?.mask == "FULL")
    }

    @Test(arguments: ["FULL", "RI, RestrictedUpdate", "Update, UIHintMandatory", "None", "SomethingNew"])
    func masksAreFreeText(_ mask: String) throws {
        let json = "{\"Mask\": \"\(mask)\", \"Reason\": \"[SR_MANDATORY_FIELD_1281]\"}"
        let right = try JSONDecoder().decode(TableRight.self, from: Data(json.utf8))
        #expect(right.mask == mask)
        #expect(try JSONDecoder().decode(FieldRight.self, from: Data(json.utf8)).mask == mask)
    }

    @Test func nilFieldsAreNotSent() throws {
        let entity = BlobEntity(blobId: 7, description: "Site photo", isZipped: false)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entity)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["BlobId", "Description", "IsZipped"])
    }

    @Test func theErrorBodyDecodes() throws {
        let json = """
            {"Error": true, "ErrorType": "SoNotFoundException", "ErrorMessage": "Contact id 99999 not found",
             "ErrorSource": "SuperOffice.Services.Implementation"}
            """
        let body = try JSONDecoder().decode(WebAPIErrorBody.self, from: Data(json.utf8))
        #expect(body == WebAPIErrorBody(
            error: true, errorType: "SoNotFoundException", errorMessage: "Contact id 99999 not found",
            errorSource: "SuperOffice.Services.Implementation"))
    }
}

private let allCredentialKinds: [Credentials] = [
    .basic(username: "tje0", password: "Tje0-secret"),
    .soTicket("7T:dGhlLXRpY2tldA==", appToken: "app-token-secret"),
    .bearer("8A:Cust12345.AbCdEfSecret"),
    .xsrf("xsrf-secret-value"),
]

@Suite struct CredentialsRedactionTests {
    static let secrets = ["Tje0-secret", "7T:dGhlLXRpY2tldA==", "app-token-secret", "8A:Cust12345.AbCdEfSecret", "xsrf-secret-value"]

    @Test(arguments: allCredentialKinds)
    func descriptionsHideTheSecrets(_ credentials: Credentials) {
        var dumped = ""
        dump(credentials, to: &dumped)
        let configuration = SuperOfficeClientConfiguration(baseURL: "https://crm.example.com/SuperOffice/", credentials: credentials)
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        let texts = [
            "\(credentials)", String(describing: credentials), String(reflecting: credentials), dumped,
            "\(configuration)", String(reflecting: configuration), dumpedConfiguration, "\([credentials])",
        ]
        for text in texts {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(text)") }
            #expect(text.contains("redacted"))
        }
    }

    @Test func headerFieldsCarryTheCredentials() {
        #expect(Credentials.basic(username: "tje0", password: "Tje0").headerFields.map(\.value) == ["Basic dGplMDpUamUw"])
        let ticket = Credentials.soTicket("7T:abc==", appToken: "app").headerFields
        #expect(ticket.map(\.name) == ["Authorization", "SO-AppToken"])
        #expect(ticket.map(\.value) == ["SOTicket 7T:abc==", "app"])
        #expect(Credentials.bearer("tok").headerFields.map(\.value) == ["Bearer tok"])
        #expect(Credentials.xsrf("x").headerFields.map(\.name) == ["X-XSRF-TOKEN"])
    }
}
