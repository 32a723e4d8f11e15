import DomainModel
import ImageTransfer
import Testing

/// Digests match the published test vectors, however the bytes are split.
@Suite struct StreamingDigestTests {
    static let abc: [(Checksum.Algorithm, String)] = [
        (.md5, "900150983cd24fb0d6963f7d28e17f72"),
        (.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ]

    @Test(arguments: abc) func matchesTheTestVector(algorithm: Checksum.Algorithm, expected: String) {
        var whole = StreamingDigest(algorithm)
        whole.update(Array("abc".utf8))
        #expect(whole.finalize() == expected)

        var pieces = StreamingDigest(algorithm)
        for byte in "abc".utf8 { pieces.update([byte]) }
        pieces.update([])
        #expect(pieces.finalize() == expected)
    }
}
