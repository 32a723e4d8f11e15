import Crypto
import CryptoExtras
import Foundation

/// Hashes and checks passwords with salted PBKDF2-SHA256. Stored form:
/// `pbkdf2-sha256$<rounds>$<salt b64>$<hash b64>`.
public enum PasswordHasher {
    static let rounds = 210_000

    public static func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = rng.next() }
        let key = derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    /// What a login for a user that does not exist is checked against, so it costs as much as one that does.
    static let unknownUserHash = hash(TokenGenerator.token(bytes: 16))

    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]),
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])) else { return false }
        let actual = derive(password, salt: [UInt8](salt), rounds: rounds)
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) -> Data {
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Generates API keys, secret keys and session keys from the system's secure random source.
public enum TokenGenerator {
    /// 64 random bytes, URL-safe Base64 without padding (86 characters), like CloudStack's keys.
    public static func apiKey() -> String { token(bytes: 64) }

    /// 20 random bytes, URL-safe Base64 without padding (27 characters), like CloudStack's session keys.
    public static func sessionKey() -> String { token(bytes: 20) }

    public static func token(bytes count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
