import Crypto
import Foundation

/// An OpenSSH public key (`authorized_keys` form), checked down to its wire-format blob.
public struct OpenSSHPublicKey: Sendable, Equatable {
    /// The key algorithms Cumulo accepts.
    public enum Algorithm: String, Sendable, CaseIterable {
        case rsa = "ssh-rsa"
        case ed25519 = "ssh-ed25519"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case ecdsaP384 = "ecdsa-sha2-nistp384"
        case ecdsaP521 = "ecdsa-sha2-nistp521"
    }

    public let algorithm: Algorithm
    /// The decoded key blob: the SSH wire encoding of the key.
    public let blob: [UInt8]
    /// The free text after the key, if any.
    public let comment: String?

    /// Parses and checks `<type> <base64>[ <comment>]`; throws a readable reason otherwise.
    public init(parsing text: String) throws(OpenSSHKeyError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .malformed("the public key is empty") }
        guard !trimmed.contains(where: \.isNewline) else {
            throw .malformed("the public key must be a single line; register one key at a time")
        }
        let parts = trimmed.split(maxSplits: 2, omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
        let typeName = String(parts[0])
        guard let algorithm = Algorithm(rawValue: typeName) else {
            let accepted = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
            throw .malformed("key type \(typeName.prefix(40)) is not supported; use one of \(accepted)")
        }
        guard parts.count >= 2 else { throw .malformed("the key data after \(typeName) is missing") }
        guard let data = Data(base64Encoded: String(parts[1])), !data.isEmpty else {
            throw .malformed("the key data after \(typeName) is not valid base64")
        }
        let blob = [UInt8](data)
        try Self.check(blob, as: algorithm)
        self.algorithm = algorithm
        self.blob = blob
        let comment = parts.count == 3 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
        self.comment = comment.isEmpty ? nil : comment
    }

    /// The `ssh-rsa` key with this modulus and public exponent (big-endian unsigned bytes).
    public init(rsaModulus modulus: some Collection<UInt8>, exponent: some Collection<UInt8>, comment: String? = nil) {
        var writer = SSHWireWriter()
        writer.string(Array(Algorithm.rsa.rawValue.utf8))
        writer.mpint(Array(exponent))
        writer.mpint(Array(modulus))
        algorithm = .rsa
        blob = writer.bytes
        self.comment = comment
    }

    /// The key as one `authorized_keys` line.
    public var openSSHString: String {
        let key = algorithm.rawValue + " " + Data(blob).base64EncodedString()
        guard let comment else { return key }
        return key + " " + comment
    }

    /// CloudStack's fingerprint: the MD5 of the blob as colon-separated lower-case hex (`a1:b2:…`).
    public var md5Fingerprint: String {
        Insecure.MD5.hash(data: blob).map { Self.hex($0) }.joined(separator: ":")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// Checks that the blob names `algorithm` and holds a well-formed key of that kind, with nothing after it.
    static func check(_ blob: [UInt8], as algorithm: Algorithm) throws(OpenSSHKeyError) {
        var reader = SSHWireReader(blob)
        let embedded = try reader.text("key type")
        guard embedded == algorithm.rawValue else {
            throw .malformed("the key data is of type \(embedded.prefix(40)), not \(algorithm.rawValue)")
        }
        switch algorithm {
        case .rsa:
            let exponent = try reader.mpint("RSA exponent")
            let modulus = try reader.mpint("RSA modulus")
            guard exponent.contains(where: { $0 != 0 }), exponent.last.map({ $0 & 1 == 1 }) == true else {
                throw .malformed("the RSA public exponent is not a positive odd number")
            }
            let bits = Self.bitLength(modulus)
            guard bits >= 1024, bits <= 16384 else {
                throw .malformed("the RSA modulus has \(bits) bits; between 1024 and 16384 are accepted")
            }
        case .ed25519:
            guard try reader.bytes("Ed25519 key").count == 32 else {
                throw .malformed("an Ed25519 key must be 32 bytes long")
            }
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let curve = String(algorithm.rawValue.dropFirst("ecdsa-sha2-".count))
            let named = try reader.text("curve name")
            guard named == curve else {
                throw .malformed("the key data names curve \(named.prefix(40)), not \(curve)")
            }
            let point = try reader.bytes("curve point")
            let coordinate = ["nistp256": 32, "nistp384": 48, "nistp521": 66][curve]!
            guard point.count == 1 + 2 * coordinate, point.first == 0x04 else {
                throw .malformed("the \(curve) public point is not an uncompressed point of the curve's size")
            }
        }
        guard reader.isAtEnd else { throw .malformed("the key data has unexpected bytes after the key") }
    }

    static func bitLength(_ number: [UInt8]) -> Int {
        guard let first = number.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (number.count - first - 1) * 8 + (8 - number[first].leadingZeroBitCount)
    }
}

/// Why a text is not an acceptable OpenSSH public key.
public enum OpenSSHKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "Public key is invalid: \(reason)"
        }
    }
}
