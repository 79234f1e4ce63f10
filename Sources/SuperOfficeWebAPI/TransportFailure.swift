import AsyncHTTPClient
import NIOCore
import NIOPosix

import LibC

/// A failure below HTTP, in plain words: whether a connection was ever made, and why not.
///
/// `cannotConnect` failures (refused, no route, DNS, TLS handshake, connect timeout) mean nothing reached the
/// server, so retrying them is always safe, and several in a row mean the server is gone. Anything else
/// (reset, closed mid-answer) is a dropped connection.
struct TransportFailure: Sendable, Hashable {
    /// True when no connection was made.
    var cannotConnect: Bool
    /// The cause in words, e.g. `connection refused by 127.0.0.1:9`.
    var cause: String

    /// Classifies `error` (already known not to be a timeout or a cancellation).
    init(_ error: any Error, host: String, port: Int?) {
        let target = port.map { "\(host):\($0)" } ?? host
        if let connection = error as? NIOConnectionError {
            cannotConnect = true
            if connection.dnsAError != nil || connection.dnsAAAAError != nil, connection.connectionErrors.isEmpty {
                cause = "the name \(connection.host) could not be resolved (DNS)"
            } else if let first = connection.connectionErrors.first {
                cause = Self.connectCause(first.error, target: "\(connection.host):\(connection.port)")
            } else {
                cause = "no address to connect to for \(connection.host)"
            }
            return
        }
        if let io = error as? IOError, Self.isConnectErrno(io.errnoCode) {
            cannotConnect = true
            cause = Self.connectCause(io, target: target)
            return
        }
        if let client = error as? HTTPClientError, client == .connectTimeout {
            cannotConnect = true
            cause = "no connection to \(target) within the connect timeout"
            return
        }
        if error is SocketAddressError {
            cannotConnect = true
            cause = "the name \(host) could not be resolved (DNS)"
            return
        }
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") {
            cannotConnect = true
            cause = "the TLS handshake with \(target) failed" + (Self.tlsReason(error).map { " (\($0))" } ?? "")
            return
        }
        cannotConnect = false
        if let io = error as? IOError {
            cause = "the connection to \(target) was dropped (\(Self.errnoText(io.errnoCode)))"
        } else if let client = error as? HTTPClientError, client == .remoteConnectionClosed {
            cause = "\(target) closed the connection before answering"
        } else {
            cause = "the connection to \(target) failed or was dropped (\(Self.plain(error)))"
        }
    }

    private static func isConnectErrno(_ code: Int32) -> Bool {
        [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EHOSTDOWN, ENETDOWN, EADDRNOTAVAIL].contains(code)
    }

    private static func connectCause(_ error: any Error, target: String) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused by \(target) (nothing listens there)"
            case ENETUNREACH, ENETDOWN: return "network unreachable for \(target)"
            case EHOSTUNREACH, EHOSTDOWN: return "no route to \(target)"
            default: return "cannot connect to \(target): \(errnoText(io.errnoCode))"
            }
        }
        if let client = error as? HTTPClientError, client == .connectTimeout {
            return "no connection to \(target) within the connect timeout"
        }
        return "cannot connect to \(target) (\(plain(error)))"
    }

    /// BoringSSL's reason in words (`WRONG_VERSION_NUMBER` → `wrong version number`), without the type names
    /// and source paths of the error's own description; nil when there is none.
    static func tlsReason(_ error: any Error) -> String? {
        let text = String(describing: error)
        var reasons: [String] = []
        var word = ""
        for character in text + " " {
            if character.isUppercase || character.isNumber || character == "_" {
                word.append(character)
            } else {
                if word.contains("_"), word.first?.isLetter == true, word.last != "_", word.count >= 6 { reasons.append(word) }
                word = ""
            }
        }
        guard let reason = reasons.last else { return nil }
        return String(reason.lowercased().map { $0 == "_" ? " " : $0 })
    }

    /// The C library's words for an errno, lower-cased: `connection refused`.
    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// An error's own description with unbalanced brackets removed, so it nests in our parentheses.
    static func plain(_ error: any Error) -> String {
        var depth = 0
        var text = ""
        for character in String(describing: error) {
            switch character {
            case "(":
                depth += 1
                text.append(character)
            case ")":
                guard depth > 0 else { continue }
                depth -= 1
                text.append(character)
            default:
                text.append(character)
            }
        }
        text += String(repeating: ")", count: depth)
        return text
    }
}
