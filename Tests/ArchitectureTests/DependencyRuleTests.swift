import Foundation
import Testing

/// The dependency rule of `docs/design.md`, checked against the imports of every library target: each
/// target may import only the modules listed for it here. A new import is a design decision — add it to
/// the table (and to the design page) on purpose, or move the code to where it belongs.
@Suite("Dependency rule")
struct DependencyRuleTests {
    /// Modules of the platform every target may import.
    static let platform: Set<String> = ["Foundation", "FoundationXML", "Dispatch", "Synchronization", "Glibc", "Darwin"]

    /// What each library target may import besides the platform. Executables (composition roots) and
    /// C module maps are not listed: they may import anything.
    static let allowed: [String: Set<String>] = [
        "DomainModel": [],
        "APIModel": ["Crypto"],
        "Persistence": ["DomainModel", "Logging", "NIOPosix", "SQLKit", "SQLiteKit"],
        "Orchestration": ["AgentProtocol", "Crypto", "CryptoExtras", "DomainModel", "ImageTransfer", "Logging", "Persistence", "ServiceLifecycle"],
        "ImageTransfer": ["Crypto", "DomainModel"],
        "ImageStore": ["AsyncHTTPClient", "DomainModel", "ImageTransfer", "NFSClient", "NIOCore", "NIOPosix"],
        "APIServer": ["APIModel", "DomainModel", "HTTPTypes", "Hummingbird", "HummingbirdCore", "ImageStore", "ImageTransfer", "Logging", "NIOCore",
                      "Orchestration", "Persistence"],
        "APIClient": ["APIModel", "AsyncHTTPClient", "NIOCore", "NIOHTTP1"],
        "CLI": ["APIClient", "APIModel", "ArgumentParser", "AsyncHTTPClient", "CLibEdit", "NIOCore"],
        "AgentProtocol": [],
        "AsyncCoordination": [],
        "AgentTransport": ["AgentProtocol", "AsyncCoordination", "Hummingbird", "HummingbirdWSClient", "HummingbirdWebSocket", "Logging", "NIOCore"],
        "Hypervisor": [],
        "HypervisorLibvirt": ["AsyncCoordination", "CLibvirt", "Hypervisor", "Logging", "Mustache", "NIOPosix"],
        "HypervisorSimulator": ["Hypervisor"],
        "NFSClient": ["CNFS", "NIOPosix"],
        "AgentRuntime": ["AgentProtocol", "AsyncCoordination", "Hypervisor", "Logging", "NFSClient", "ServiceLifecycle"],
    ]

    static let executables: Set<String> = ["ManagementServer", "Agent", "Benchmarks", "CMK"]
    static let cModules: Set<String> = ["CLibvirt", "CLibEdit", "CNFS"]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    /// The modules each Swift file of `target` imports, with the file they appear in.
    static func imports(of target: String) throws -> [(module: String, file: String)] {
        let root = sources.appendingPathComponent(target)
        var found: [(String, String)] = []
        guard let files = FileManager.default.enumerator(atPath: root.path) else { return [] }
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                guard words.first == "import", words.count >= 2 else { continue }
                found.append((String(words[1]), "\(target)/\(file)"))
            }
        }
        return found
    }

    @Test func everyTargetIsInTheTable() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { !Self.executables.contains($0) && !Self.cModules.contains($0) && !$0.hasPrefix(".") }
        for target in targets {
            #expect(Self.allowed[target] != nil, "target \(target) has no row in the dependency rule; add one here and in docs/design.md")
        }
    }

    @Test(arguments: DependencyRuleTests.allowed.keys.sorted())
    func importsFollowTheRule(target: String) throws {
        let allowed = Self.allowed[target, default: []].union(Self.platform)
        for (module, file) in try Self.imports(of: target) {
            #expect(allowed.contains(module), "\(file) imports \(module), which \(target) may not")
        }
    }

    @Test func orchestrationHasNoSQLNoHTTPAndNoNFS() throws {
        let forbidden: Set<String> = ["SQLKit", "SQLiteKit", "Hummingbird", "AsyncHTTPClient", "NIOCore", "NIOPosix", "NFSClient", "ImageStore"]
        for (module, file) in try Self.imports(of: "Orchestration") {
            #expect(!forbidden.contains(module), "\(file) imports \(module)")
        }
    }
}
