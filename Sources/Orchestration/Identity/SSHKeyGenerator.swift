import CryptoExtras
import Dispatch
import Foundation

/// A freshly generated key pair: the private key as PEM, handed out once, and its OpenSSH public key.
public struct GeneratedSSHKey: Sendable {
    public let privateKeyPEM: String
    public let publicKey: OpenSSHPublicKey
}

/// Generates RSA key pairs for `createSSHKeyPair`.
enum SSHKeyGenerator {
    /// A 2048-bit RSA key pair. Generation is CPU-heavy, so it runs on a global dispatch queue rather
    /// than holding a thread of Swift's cooperative pool.
    static func rsa() async throws -> GeneratedSSHKey {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try generateRSA() })
            }
        }
    }

    static func generateRSA() throws -> GeneratedSSHKey {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try key.publicKey.getKeyPrimitives()
        let publicKey = OpenSSHPublicKey(rsaModulus: [UInt8](primitives.modulus), exponent: [UInt8](primitives.publicExponent))
        return GeneratedSSHKey(privateKeyPEM: key.pemRepresentation, publicKey: publicKey)
    }
}
