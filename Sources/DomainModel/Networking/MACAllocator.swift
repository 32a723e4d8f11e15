/// Hands out MAC addresses for guest NICs and checks requested ones.
///
/// Generated addresses are locally administered unicast addresses in CloudStack's guest form,
/// `02:00:xx:xx:xx:xx`: the fixed prefix `02:00` and four bytes from the injected random source
/// (a seeded generator in tests, the system generator in production). A draw that collides with
/// `inUse` is drawn again, up to `maxAttempts` times. Addresses are written lower-case with colons,
/// the form `inUse` must hold too (see `normalize`); the caller decides the scope of uniqueness —
/// Cumulo keeps guest MACs unique across a zone.
public enum MACAllocator {
    /// The first two bytes of every generated address.
    public static let prefix: [UInt8] = [0x02, 0x00]

    /// A fresh address not in `inUse`.
    public static func allocate<Generator: RandomNumberGenerator>(
        inUse: Set<String>, using generator: inout Generator, maxAttempts: Int = 64
    ) throws(MACAllocationError) -> String {
        for _ in 0..<max(1, maxAttempts) {
            let random = UInt32(truncatingIfNeeded: generator.next())
            let bytes = prefix + [UInt8(random >> 24), UInt8(random >> 16 & 0xFF), UInt8(random >> 8 & 0xFF), UInt8(random & 0xFF)]
            let candidate = format(bytes)
            if !inUse.contains(candidate) { return candidate }
        }
        throw .exhausted(attempts: max(1, maxAttempts))
    }

    /// Checks a requested address (`macaddress` of deployVirtualMachine): it must parse, be unicast and
    /// not all zeros, and not be in use. Returns it normalised.
    public static func check(requested text: String, inUse: Set<String>) throws(MACAllocationError) -> String {
        guard let bytes = parse(text) else { throw .malformed(text) }
        let normalized = format(bytes)
        guard bytes[0] & 0x01 == 0, bytes.contains(where: { $0 != 0 }) else { throw .notUnicast(normalized) }
        guard !inUse.contains(normalized) else { throw .inUse(normalized) }
        return normalized
    }

    /// `02:00:1a:2b:3c:4d` for any of `02:00:1A:2B:3C:4D`, `02-00-1a-2b-3c-4d`; nil for anything else.
    public static func normalize(_ text: String) -> String? {
        parse(text).map(format)
    }

    static func parse(_ text: String) -> [UInt8]? {
        let separator: Character = text.contains("-") ? "-" : ":"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy(\.isHexDigit), let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    static func format(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
