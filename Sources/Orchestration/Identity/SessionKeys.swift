import Crypto

/// How a session key is kept: only its SHA-256 digest (hex) is stored as the session's id, so the
/// database holds nothing a reader could present as a session. The key has 160 random bits, so an
/// unsalted fast digest is enough.
enum SessionKeys {
    static func storedId(of key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
