import DomainModel
import Foundation
import Hummingbird
import HummingbirdTesting
import ImageStore
import ImageTransfer
import Logging
import Testing

/// Downloads from a real HTTP server on loopback: bodies in pieces, redirects, refusals and errors.
@Suite struct HTTPImageSourceTests {
    /// More than a few of the largest reads, ending in a partial one.
    static let body = (0..<(3 << 20 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    static func withServer(_ test: @escaping @Sendable (Int) async throws -> Void) async throws {
        // Made here, not in the handler: the handler runs on an event loop the other suites share.
        let served = ByteBuffer(bytes: Self.body)
        let router = Router()
        router.get("/image.iso") { _, _ in Response(status: .ok, body: .init(byteBuffer: served)) }
        router.get("/moved") { _, _ in Response(status: .found, headers: [.location: "/image.iso"]) }
        router.get("/elsewhere") { _, _ in Response(status: .movedPermanently, headers: [.location: "ftp://127.0.0.1/image.iso"]) }
        router.get("/loop") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/loop"]) }
        router.get("/busy") { _, _ in Response(status: .serviceUnavailable) }
        var logger = Logger(label: "image-source-test")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in
            try await test(try #require(client.port))
        }
    }

    static func rules(allowing setting: String = "127.0.0.1", maxBytes: Int64 = 1 << 30) throws -> ImageFetchRules {
        ImageFetchRules(internalAddresses: try InternalAddressPolicy(setting: setting), maxBytes: maxBytes, idleTimeout: .seconds(10))
    }

    static func readAll(_ reader: any ImageReader, chunk: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let piece = try await reader.read(max: chunk)
            if piece.isEmpty { break }
            #expect(piece.count <= chunk)
            bytes += piece
        }
        await reader.close()
        return bytes
    }

    static func failure(_ body: () async throws -> Void) async -> DownloadFailure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? DownloadFailure
        }
    }

    @Test func readsTheBodyInPiecesOfTheAskedSize() async throws {
        try await Self.withServer { port in
            let source = HTTPImageSource()
            let reader = try await source.open(URL(string: "http://127.0.0.1:\(port)/image.iso")!, rules: try Self.rules())
            #expect(reader.expectedSize == UInt64(Self.body.count))
            #expect(try await Self.readAll(reader, chunk: 1 << 20) == Self.body)
            let small = try await source.open(URL(string: "http://127.0.0.1:\(port)/moved")!, rules: try Self.rules())
            #expect(try await Self.readAll(small, chunk: 1000) == Self.body)
            await source.shutdown()
        }
    }

    @Test func refusesWhatTheRulesForbid() async throws {
        try await Self.withServer { port in
            let source = HTTPImageSource()
            let base = "http://127.0.0.1:\(port)"
            let loopback = await Self.failure { _ = try await source.open(URL(string: "\(base)/image.iso")!, rules: try Self.rules(allowing: "")) }
            #expect(loopback?.isTransient == false)
            let large = await Self.failure { _ = try await source.open(URL(string: "\(base)/image.iso")!, rules: try Self.rules(maxBytes: 1 << 20)) }
            #expect(large?.description.contains("more than max.template.iso.size allows") == true)
            let ftp = await Self.failure { _ = try await source.open(URL(string: "\(base)/elsewhere")!, rules: try Self.rules()) }
            #expect(ftp?.description.contains("only http and https") == true)
            let loop = await Self.failure { _ = try await source.open(URL(string: "\(base)/loop")!, rules: try Self.rules()) }
            #expect(loop?.description.contains("More than 5 redirects") == true)
            await source.shutdown()
        }
    }

    @Test func serverErrorsMayBeRetriedClientErrorsNot() async throws {
        try await Self.withServer { port in
            let source = HTTPImageSource()
            let busy = await Self.failure { _ = try await source.open(URL(string: "http://127.0.0.1:\(port)/busy")!, rules: try Self.rules()) }
            #expect(busy?.isTransient == true)
            let missing = await Self.failure { _ = try await source.open(URL(string: "http://127.0.0.1:\(port)/missing.iso")!, rules: try Self.rules()) }
            #expect(missing?.isTransient == false)
            #expect(missing?.description.hasPrefix("HTTP 404") == true)
            await source.shutdown()
        }
    }
}
