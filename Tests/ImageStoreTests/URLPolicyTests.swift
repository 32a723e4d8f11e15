import DomainModel
import Foundation
@testable import ImageStore
import ImageTransfer
import Testing

/// The check before every connection: schemes, hosts, and internal addresses unless allowed.
@Suite struct URLPolicyTests {
    static func refusal(_ url: String, allowing setting: String = "") async throws -> String? {
        do {
            try await URLPolicy.check(URL(string: url)!, policy: try InternalAddressPolicy(setting: setting))
            return nil
        } catch let failure as DownloadFailure {
            #expect(!failure.isTransient)
            return failure.description
        }
    }

    @Test func onlyHTTPAndHTTPSAreFetched() async throws {
        let refusal = try await Self.refusal("ftp://198.18.0.10/image.iso")
        #expect(refusal?.contains("only http and https") == true)
    }

    @Test func loopbackIsRefusedUnlessAllowed() async throws {
        #expect(try await Self.refusal("http://127.0.0.1:8000/image.iso") != nil)
        #expect(try await Self.refusal("http://localhost:8000/image.iso") != nil)
        #expect(try await Self.refusal("http://127.0.0.1:8000/image.iso", allowing: "127.0.0.1") == nil)
    }

    @Test func literalAddressesResolveToThemselves() async throws {
        #expect(try await URLPolicy.resolve("198.18.0.10") == [IPAddress("198.18.0.10")!])
        #expect(try await URLPolicy.resolve("::1") == [IPAddress("::1")!])
    }

    @Test func localhostResolvesToLoopback() async throws {
        let addresses = try await URLPolicy.resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0 == IPAddress("127.0.0.1")! || $0 == IPAddress("::1")! })
    }
}
