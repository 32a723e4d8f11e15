/// The parts of a qcow2 image header that decide whether the image may become a template: its version,
/// virtual size, and whether it points at other files (a backing file or an external data file), which a
/// template must not do — a backing file name like `/etc/shadow` would let a VM read host files.
public struct QCOW2Header: Sendable, Equatable {
    public var version: UInt32
    public var virtualSize: UInt64
    public var clusterBits: UInt32
    /// The backing file name, nil when the image stands alone.
    public var backingFile: String?
    /// The external data file name (qcow2 v3 header extension 0x44415441), nil when there is none.
    public var externalDataFile: String?
    /// Non-zero when the image is encrypted.
    public var cryptMethod: UInt32

    /// The first bytes of every qcow2 file: "QFI\xfb".
    public static let magic: [UInt8] = [0x51, 0x46, 0x49, 0xFB]
    /// Bytes to read to parse the header with its extensions and backing file name.
    public static let probeSize = 64 * 1024

    /// True when `bytes` start like a qcow2 image.
    public static func looksLikeQCOW2(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && Array(bytes[0..<4]) == magic
    }

    /// Parses the header from the first bytes of the file (at least 72; `probeSize` to see names and extensions).
    public init(parsing bytes: [UInt8]) throws {
        guard Self.looksLikeQCOW2(bytes) else { throw QCOW2Error("the file is not a qcow2 image (no QFI\\xfb magic)") }
        guard bytes.count >= 72 else { throw QCOW2Error("the qcow2 header is truncated (\(bytes.count) bytes)") }
        version = Self.u32(bytes, 4)
        guard version == 2 || version == 3 else { throw QCOW2Error("qcow2 version \(version) is not supported") }
        let backingOffset = Self.u64(bytes, 8)
        let backingSize = Self.u32(bytes, 16)
        clusterBits = Self.u32(bytes, 20)
        virtualSize = Self.u64(bytes, 24)
        cryptMethod = Self.u32(bytes, 32)
        guard (9...21).contains(clusterBits) else { throw QCOW2Error("the qcow2 cluster size 2^\(clusterBits) is invalid") }
        backingFile = nil
        if backingOffset != 0 || backingSize != 0 {
            let start = Int(clamping: backingOffset)
            let end = start + Int(backingSize)
            if backingSize == 0 || backingSize > 1023 || end > bytes.count {
                backingFile = "(unreadable backing file reference at offset \(backingOffset))"
            } else {
                backingFile = String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
        externalDataFile = nil
        // Header extensions follow the header: v2 headers are 72 bytes, v3 headers say their length.
        var offset = version == 2 ? 72 : Int(bytes.count >= 104 ? Self.u32(bytes, 100) : 104)
        if version == 3 {
            let incompatible = Self.u64(bytes, 72)
            if incompatible & 0x4 != 0 { externalDataFile = "(external data file)" }
        }
        while offset + 8 <= bytes.count {
            let type = Self.u32(bytes, offset)
            let length = Int(Self.u32(bytes, offset + 4))
            if type == 0 { break }
            let body = offset + 8
            if type == 0x4441_5441, body + length <= bytes.count {
                externalDataFile = String(decoding: bytes[body..<body + length], as: UTF8.self)
            }
            offset = body + (length + 7) / 8 * 8
        }
    }

    /// Why this image may not become a template, nil when it may.
    public var refusal: String? {
        if let backingFile {
            return "The qcow2 image refers to the backing file \(backingFile); templates must not depend on other files"
        }
        if let externalDataFile {
            return "The qcow2 image keeps its data in the external file \(externalDataFile); templates must be self-contained"
        }
        if cryptMethod != 0 { return "The qcow2 image is encrypted; encrypted templates are not supported" }
        return nil
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(b[at + $1]) }
    }

    static func u64(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(b[at + $1]) }
    }
}

/// Why a qcow2 header could not be read.
public struct QCOW2Error: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
