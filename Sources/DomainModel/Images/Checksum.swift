/// An expected image checksum in CloudStack's notation: a plain hex MD5 digest, or a digest prefixed with
/// its algorithm in braces (`{SHA-1}…`, `{SHA-256}…`, `{SHA-512}…`, also `{MD5}…`).
public struct Checksum: Sendable, Equatable, CustomStringConvertible {
    /// The hash algorithms a checksum may name.
    public enum Algorithm: String, Sendable, CaseIterable {
        case md5 = "MD5"
        case sha1 = "SHA-1"
        case sha256 = "SHA-256"
        case sha512 = "SHA-512"

        /// Hex digits of a digest.
        public var hexLength: Int {
            switch self {
            case .md5: 32
            case .sha1: 40
            case .sha256: 64
            case .sha512: 128
            }
        }
    }

    public var algorithm: Algorithm
    /// The expected digest in lower-case hex.
    public var hexDigest: String

    public init(algorithm: Algorithm, hexDigest: String) {
        self.algorithm = algorithm
        self.hexDigest = hexDigest.lowercased()
    }

    /// Parses `text`; throws `ChecksumFormatError` saying what is wrong with it.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var algorithm = Algorithm.md5
        var digest = Substring(trimmed)
        if trimmed.hasPrefix("{") {
            guard let close = trimmed.firstIndex(of: "}") else {
                throw ChecksumFormatError("Checksum \(text) has an opening { but no closing }; write it as {SHA-256}<hex digest>")
            }
            let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].uppercased()
            let compact = name.replacingOccurrences(of: "-", with: "")
            guard let named = Algorithm.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "-", with: "") == compact }) else {
                throw ChecksumFormatError("Checksum algorithm {\(name)} is not supported; use {MD5}, {SHA-1}, {SHA-256} or {SHA-512}")
            }
            algorithm = named
            digest = trimmed[trimmed.index(after: close)...]
        }
        guard !digest.isEmpty, digest.allSatisfy(\.isHexDigit) else {
            throw ChecksumFormatError("Checksum \(text) is not a hexadecimal digest")
        }
        guard digest.count == algorithm.hexLength else {
            throw ChecksumFormatError("A \(algorithm.rawValue) checksum has \(algorithm.hexLength) hex digits, \(text) has \(digest.count)")
        }
        self.init(algorithm: algorithm, hexDigest: String(digest))
    }

    /// True when `computedHex` (any case) is the expected digest.
    public func matches(_ computedHex: String) -> Bool {
        computedHex.lowercased() == hexDigest
    }

    /// Why a download with digest `computedHex` is refused.
    public func mismatchReason(_ computedHex: String) -> String {
        "Checksum mismatch: the downloaded file's \(algorithm.rawValue) is \(computedHex.lowercased()), expected \(hexDigest)"
    }

    public var description: String {
        algorithm == .md5 ? hexDigest : "{\(algorithm.rawValue)}\(hexDigest)"
    }
}

/// Why a checksum parameter could not be understood.
public struct ChecksumFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
