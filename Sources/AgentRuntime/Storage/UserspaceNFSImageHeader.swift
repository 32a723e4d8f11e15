/// The first bytes of a volume file: a qcow2 header carries the virtual size, anything else is raw.
struct UserspaceNFSImageHeader: Equatable {
    /// Bytes to read from the start of a file to recognise it.
    static let length = 32

    /// "qcow2" or "raw".
    var format: String
    /// Virtual size for qcow2; nil for raw (its file size is the virtual size).
    var qcow2VirtualSize: Int64?

    init(_ bytes: [UInt8]) {
        // qcow2: magic "QFI\xfb" at 0, version at 4, the virtual size as a big-endian UInt64 at 24.
        if bytes.count >= 32, bytes[0] == 0x51, bytes[1] == 0x46, bytes[2] == 0x49, bytes[3] == 0xFB {
            var size: UInt64 = 0
            for byte in bytes[24..<32] { size = size << 8 | UInt64(byte) }
            format = "qcow2"
            qcow2VirtualSize = Int64(clamping: size)
        } else {
            format = "raw"
            qcow2VirtualSize = nil
        }
    }

    /// The virtual size of a file of `fileSize` bytes with this header.
    func virtualSize(fileSize: UInt64) -> Int64 {
        qcow2VirtualSize ?? Int64(clamping: fileSize)
    }
}
