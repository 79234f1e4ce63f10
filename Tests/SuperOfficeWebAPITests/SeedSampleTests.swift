import Foundation
import SuperOfficeWebAPI
import Testing

/// The sample bodies of our seed page, spec/PUT-Project-ImageInfo.md, exactly as printed there.
@Suite struct SeedSampleTests {
    static let sampleRequest = """
        {
          "BlobId": 976,
          "BlobSize": 752,
          "Description": "Upgradable empowering function",
          "ExtraInfo": "corrupti",
          "IsEncrypted": false,
          "IsZipped": false,
          "MimeType": "rerum",
          "OriginalSize": 567,
          "CreatedDate": "2006-11-26T09:40:59.4076658+01:00",
          "UpdatedDate": "2011-07-05T09:40:59.4076658+02:00",
          "CreatedBy": {
            "AssociateId": 384,
            "Name": "Crona LLC",
            "PersonId": 740,
            "Rank": 174,
            "Tooltip": "facilis",
            "Type": "AnonymousAssociate",
            "GroupIdx": 788,
            "FullName": "Javonte Weissnat",
            "FormalName": "Yost, Pfannerstill and Ziemann",
            "Deleted": true,
            "EjUserId": 840,
            "UserName": "Marvin, Konopelski and Vandervort"
          },
          "UpdatedBy": {
            "AssociateId": 361,
            "Name": "Considine, Heidenreich and Simonis",
            "PersonId": 438,
            "Rank": 334,
            "Tooltip": "deleniti",
            "Type": "AnonymousAssociate",
            "GroupIdx": 499,
            "FullName": "Doris Hoppe",
            "FormalName": "Schmitt-Robel",
            "Deleted": false,
            "EjUserId": 332,
            "UserName": "Corkery, Sporer and Treutel"
          },
          "ConceptualType": "expedita"
        }
        """

    static let sampleResponse = """
        {
          "BlobId": 36,
          "BlobSize": 123,
          "Description": "Quality-focused motivating neural-net",
          "ExtraInfo": "doloremque",
          "IsEncrypted": true,
          "IsZipped": false,
          "MimeType": "in",
          "OriginalSize": 342,
          "CreatedDate": "2017-11-21T09:40:59.4086656+01:00",
          "UpdatedDate": "1998-08-23T09:40:59.4086656+02:00",
          "CreatedBy": {
            "AssociateId": 180,
            "Name": "Gutkowski-Gutmann",
            "PersonId": 229,
            "Rank": 985,
            "Tooltip": "deleniti",
            "Type": "AnonymousAssociate",
            "GroupIdx": 550,
            "FullName": "Kiera Durgan",
            "FormalName": "Mueller-Kessler",
            "Deleted": true,
            "EjUserId": 355,
            "UserName": "King-Altenwerth",
            "TableRight": {},
            "FieldProperties": {
              "fieldName": {
                "FieldRight": {
                  "Mask": "FULL",
                  "Reason": ""
                },
                "FieldType": "System.String",
                "FieldLength": 603
              }
            }
          },
          "UpdatedBy": {
            "AssociateId": 774,
            "Name": "Ryan LLC",
            "PersonId": 597,
            "Rank": 97,
            "Tooltip": "eos",
            "Type": "AnonymousAssociate",
            "GroupIdx": 551,
            "FullName": "Joana Jaskolski",
            "FormalName": "Hoppe LLC",
            "Deleted": false,
            "EjUserId": 959,
            "UserName": "Glover Inc and Sons",
            "TableRight": {},
            "FieldProperties": {
              "fieldName": {
                "FieldRight": {
                  "Mask": "FULL",
                  "Reason": ""
                },
                "FieldType": "System.String",
                "FieldLength": 179
              }
            }
          },
          "ConceptualType": "quae",
          "TableRight": {
            "Mask": "Delete",
            "Reason": ""
          },
          "FieldProperties": {
            "fieldName": {
              "FieldRight": {
                "Mask": "FULL",
                "Reason": ""
              },
              "FieldType": "System.String",
              "FieldLength": 337
            }
          }
        }
        """

    @Test func theSampleRequestDecodesAsPrinted() throws {
        let entity = try JSONDecoder().decode(BlobEntity.self, from: Data(Self.sampleRequest.utf8))
        #expect(entity.blobId == 976)
        #expect(entity.blobSize == 752)
        #expect(entity.description == "Upgradable empowering function")
        #expect(entity.extraInfo == "corrupti")
        #expect(entity.isEncrypted == false)
        #expect(entity.isZipped == false)
        #expect(entity.mimeType == "rerum")
        #expect(entity.originalSize == 567)
        #expect(entity.createdDate?.text == "2006-11-26T09:40:59.4076658+01:00")
        #expect(entity.updatedDate?.text == "2011-07-05T09:40:59.4076658+02:00")
        #expect(entity.createdBy == Associate(
            associateId: 384, name: "Crona LLC", personId: 740, rank: 174, tooltip: "facilis", type: "AnonymousAssociate",
            groupIdx: 788, fullName: "Javonte Weissnat", formalName: "Yost, Pfannerstill and Ziemann", deleted: true,
            ejUserId: 840, userName: "Marvin, Konopelski and Vandervort"))
        #expect(entity.updatedBy?.associateId == 361)
        #expect(entity.updatedBy?.formalName == "Schmitt-Robel")
        #expect(entity.updatedBy?.deleted == false)
        #expect(entity.conceptualType == "expedita")
        #expect(entity.tableRight == nil)
        #expect(entity.fieldProperties == nil)
    }

    @Test func theSampleResponseDecodesAsPrinted() throws {
        let entity = try JSONDecoder().decode(BlobEntity.self, from: Data(Self.sampleResponse.utf8))
        #expect(entity.blobId == 36)
        #expect(entity.isEncrypted == true)
        #expect(entity.createdDate?.text == "2017-11-21T09:40:59.4086656+01:00")
        #expect(entity.updatedDate?.ticks == 4_086_656)
        #expect(entity.createdBy?.tableRight == TableRight())
        #expect(entity.createdBy?.fieldProperties?["fieldName"] == FieldProperty(
            fieldRight: FieldRight(mask: "FULL", reason: ""), fieldType: "System.String", fieldLength: 603))
        #expect(entity.updatedBy?.fieldProperties?["fieldName"]?.fieldLength == 179)
        #expect(entity.conceptualType == "quae")
        #expect(entity.tableRight == TableRight(mask: "Delete", reason: ""))
        #expect(entity.fieldProperties?["fieldName"]?.fieldLength == 337)
    }

    @Test func theSampleRequestReEncodesToTheSameJSON() throws {
        let entity = try JSONDecoder().decode(BlobEntity.self, from: Data(Self.sampleRequest.utf8))
        let reencoded = try JSONEncoder().encode(entity)
        let original = try JSONSerialization.jsonObject(with: Data(Self.sampleRequest.utf8)) as? NSDictionary
        let roundTripped = try JSONSerialization.jsonObject(with: reencoded) as? NSDictionary
        #expect(original != nil)
        #expect(original == roundTripped)
    }
}
