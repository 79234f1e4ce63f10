import _CryptoExtras
import Foundation
import SuperOfficeWebAPI
import Testing

@Suite("Signing the system user token")
struct SystemUserSigningTests {
    /// 2026-11-29 23:05:00 UTC.
    static let signingDate = Date(timeIntervalSince1970: 1_795_993_500)

    @Test("each key form signs the fixed payload exactly as openssl does", arguments: ["pkcs1", "pkcs8", "xml"])
    func signatureMatchesOpenSSL(form: String) throws {
        let text = switch form {
        case "pkcs1": TestApplicationKey.pkcs1PEM
        case "pkcs8": TestApplicationKey.pkcs8PEM
        default: TestApplicationKey.xml
        }
        let signer = SystemUserTokenSigner(privateKey: try ApplicationPrivateKey(text: text))
        let signed = try signer.signedToken("Example App-4f1a9c", at: Self.signingDate)
        #expect(signed == TestApplicationKey.payload + "." + TestApplicationKey.opensslSignature)
    }

    @Test("the XML form may be wrapped and indented as the developer portal's file is")
    func xmlWithWhitespace() throws {
        let wrapped = TestApplicationKey.xml
            .replacingOccurrences(of: "><", with: ">\n  <")
            .replacingOccurrences(of: "<Modulus>", with: "<Modulus>\n    ")
        let key = try ApplicationPrivateKey(text: wrapped)
        let reference = try ApplicationPrivateKey(text: TestApplicationKey.pkcs1PEM)
        #expect(key.key.publicKey.derRepresentation == reference.key.publicKey.derRepresentation)
    }

    @Test("the timestamp is UTC, yyyyMMddHHmm, zero-padded")
    func timestampFormat() {
        // 2026-01-02 03:04:59 UTC
        #expect(SystemUserTokenSigner.timestamp(Date(timeIntervalSince1970: 1_767_323_099)) == "202601020304")
        #expect(SystemUserTokenSigner.timestamp(Self.signingDate) == "202611292305")
    }

    @Test("an unreadable key is a configuration error that never echoes the file")
    func unreadableKey() {
        let secretLooking = "not-a-key-but-secret-9f8e7d6c5b4a"
        for text in [secretLooking, "<RSAKeyValue><Modulus>AQAB</Modulus></RSAKeyValue>",
                     "-----BEGIN RSA PRIVATE KEY-----\n\(secretLooking)\n-----END RSA PRIVATE KEY-----"] {
            #expect {
                _ = try ApplicationPrivateKey(text: text)
            } throws: { error in
                guard let error = error as? WebAPIError else { return false }
                return error.code == .invalidConfiguration && !error.description.contains(secretLooking)
            }
        }
        let key = try? ApplicationPrivateKey(text: TestApplicationKey.pkcs1PEM)
        #expect(key.map { "\($0)" }?.contains("redacted") == true)
    }
}
