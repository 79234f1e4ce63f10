import _CryptoExtras
import ArgumentParser
import Foundation
import SuperOfficeSandbox


/// Which flow a demo credentials file sets up.
enum DemoAuth: String, ExpressibleByArgument, CaseIterable {
    case systemUser = "system-user"
    case oauth
}

/// Writes the credentials file `image-ingest sandbox --demo-credentials FILE` hands out: the keys of
/// `import --credentials-file`, with the application's private key and the sandbox's certificate in files
/// beside it (`FILE.key.pem`, `FILE.cert.pem`), all readable by the owner only.
struct DemoCredentialsFile {
    let path: String

    var keyPath: String { absolutePath + ".key.pem" }
    var certificatePath: String { absolutePath + ".cert.pem" }
    /// The file's path from the root, so that the paths inside it hold from any working directory.
    var absolutePath: String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func write(login: SandboxLogin, loginURL: String, auth: DemoAuth) throws {
        try Self.writePrivate(login.applicationPrivateKey.pemRepresentation + "\n", to: keyPath)
        try Self.writePrivate(login.certificatePEM + "\n", to: certificatePath)
        var lines = [
            "# image-ingest demo credentials for the sandbox at \(loginURL) (\(auth.rawValue)); not for a real tenant",
            "SO_CONTEXT_ID=\(login.contextIdentifier)",
            "SO_ENVIRONMENT=\(loginURL)",
            "SO_CLIENT_SECRET=\(login.clientSecret)",
        ]
        switch auth {
        case .systemUser:
            lines += [
                "SO_SYSTEM_USER_TOKEN=\(login.systemUserToken)",
                "SO_PRIVATE_KEY_FILE=\(keyPath)",
                "SO_PUBLIC_CERT_FILE=\(certificatePath)",
            ]
        case .oauth:
            lines += [
                "SO_CLIENT_ID=\(login.clientId)",
                "SO_REFRESH_TOKEN=\(login.refreshTokens.sorted()[0])",
            ]
        }
        try Self.writePrivate(lines.joined(separator: "\n") + "\n", to: path)
    }

    /// Why a file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Writes `text` to a new file (replacing one) that only its owner can read (mode 600).
    static func writePrivate(_ text: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw WriteError(reason: "the file could not be created") }
    }
}
