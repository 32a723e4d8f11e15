/// Reads the SSH wire encoding (RFC 4251 §5): big-endian `uint32` lengths followed by that many bytes.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    /// A length-prefixed byte string; `what` names it in the error.
    mutating func bytes(_ what: String) throws(OpenSSHKeyError) -> [UInt8] {
        guard bytes.count - offset >= 4 else { throw .malformed("the key data ends before the \(what)") }
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        guard length <= bytes.count - offset else { throw .malformed("the key data ends inside the \(what)") }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    mutating func text(_ what: String) throws(OpenSSHKeyError) -> String {
        let raw = try bytes(what)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .malformed("the \(what) is not text") }
        return text
    }

    /// A non-negative multiple-precision integer, as its big-endian magnitude.
    mutating func mpint(_ what: String) throws(OpenSSHKeyError) -> [UInt8] {
        let raw = try bytes(what)
        if let first = raw.first, first & 0x80 != 0 { throw .malformed("the \(what) is negative") }
        return raw
    }
}

/// Writes the SSH wire encoding of strings and multiple-precision integers.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func string(_ value: [UInt8]) {
        let n = UInt32(value.count)
        bytes += [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
        bytes += value
    }

    /// An unsigned big-endian number as an `mpint`: no leading zero bytes, except one when the top bit is set.
    mutating func mpint(_ magnitude: [UInt8]) {
        var value = Array(magnitude.drop { $0 == 0 })
        if let first = value.first, first & 0x80 != 0 { value.insert(0, at: 0) }
        string(value)
    }
}
