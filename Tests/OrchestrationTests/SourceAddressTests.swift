@testable import Orchestration
import Testing

@Suite struct SourceAddressTests {
    @Test(arguments: [("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("::ffff:127.0.0.1", true),
                      ("198.18.0.1", false), ("::ffff:198.18.0.1", false), ("unknown", false), ("", false), ("1270.0.0.1", false)])
    func loopbackAddresses(_ address: String, _ loopback: Bool) {
        #expect(SourceAddress.isLoopback(address) == loopback)
    }
}
