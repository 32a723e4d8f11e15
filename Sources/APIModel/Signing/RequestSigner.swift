import Crypto
import Foundation

/// Computes CloudStack request signatures: HMAC-SHA1 over the sorted, URL-encoded
/// and lower-cased query, Base64-encoded. Used by the server to verify requests
/// and by Cumulo's own client to sign them.
public enum RequestSigner {
    /// The ways real clients canonicalise a request; the server accepts any of them,
    /// always keyed by the caller's secret.
    public enum Canonicalisation: CaseIterable, Sendable {
        /// CloudStack's own: names sorted case-sensitively, values encoded like Java's `URLEncoder`.
        case server
        /// Names sorted after lower-casing (Python cloudmonkey, Marvin).
        case lowercasedNameOrder
        /// `~` left unescaped (Python `quote`, Go `QueryEscape`).
        case tildeUnescaped
    }

    /// The string that is signed, before lower-casing. `signature` itself is never part of it.
    public static func canonicalQuery(_ params: [(String, String)], _ style: Canonicalisation = .server) -> String {
        var pairs = params.filter { $0.0.lowercased() != "signature" }
        switch style {
        case .lowercasedNameOrder:
            pairs.sort { ($0.0.lowercased(), $0.0) < ($1.0.lowercased(), $1.0) }
        case .server, .tildeUnescaped:
            pairs.sort { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
        }
        return pairs.map { name, value in
            var encoded = javaURLEncode(value)
            if style == .tildeUnescaped { encoded = encoded.replacingOccurrences(of: "%7E", with: "~") }
            return name + "=" + encoded
        }.joined(separator: "&")
    }

    public static func signature(for params: [(String, String)], secret: String, _ style: Canonicalisation = .server) -> String {
        let message = canonicalQuery(params, style).lowercased()
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(message.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// True when `signature` matches the request under any accepted canonicalisation.
    public static func verify(_ params: [(String, String)], signature: String, secret: String) -> Bool {
        for style in Canonicalisation.allCases {
            if constantTimeEquals(Self.signature(for: params, secret: secret, style), signature) { return true }
        }
        return false
    }

    /// Percent-encodes like `java.net.URLEncoder` followed by CloudStack's `+` → `%20`:
    /// only `A–Z a–z 0–9 . - * _` stay as they are; hex digits are upper-case.
    public static func javaURLEncode(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
                 UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%"
                out += hexDigits[Int(byte >> 4)]
                out += hexDigits[Int(byte & 0x0F)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
