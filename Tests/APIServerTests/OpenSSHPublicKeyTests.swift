import Foundation
import Orchestration
import Testing

@Suite("OpenSSH public keys")
struct OpenSSHPublicKeyTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB/7wFmM8mPUT2WsGFcxVCkGXg33Awjm1iBqiH vector@cumulo"
    static let rsa1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC+YTvidhh0bs+uDR+o061OU5rDXsXLH49PbNe4UyEx+fwma6SlM4SUVGEirVR9oJXiSXmQOXuaUYPBIEbmd6mg0k5Qxqc7++j7uGgKHlaX+I60v5OqRmah1D+Rria+m95ELzYsBLZP+uhwNDxR2qNQ1W+6aVZmMKGH2b1Rg13m8Q=="
    /// The modulus of `rsa1024` (its top bit is set, so the encoding needs a leading zero byte).
    static let rsa1024Modulus = "be613be27618746ecfae0d1fa8d3ad4e539ac35ec5cb1f8f4f6cd7b8532131f9fc266ba4a5338494546122ad547da095e2497990397b9a5183c12046e677a9a0d24e50c6a73bfbe8fbb8680a1e5697f88eb4bf93aa4666a1d43f91ae26be9bde442f362c04b64ffae870343c51daa350d56fba69566630a187d9bd51835de6f1"

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    static func reason(_ text: String) -> String? {
        do {
            _ = try OpenSSHPublicKey(parsing: text)
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: Fixed vectors (fingerprints as `ssh-keygen -l -E md5` printed them)

    @Test func knownFingerprints() throws {
        let ed = try OpenSSHPublicKey(parsing: Self.ed25519)
        #expect(ed.algorithm == .ed25519)
        #expect(ed.comment == "vector@cumulo")
        #expect(ed.md5Fingerprint == "ad:12:61:69:d6:2e:b5:3a:ce:e9:ff:67:11:44:ba:21")
        #expect(ed.openSSHString == Self.ed25519)

        let rsa = try OpenSSHPublicKey(parsing: "  " + Self.rsa1024 + " \n")
        #expect(rsa.algorithm == .rsa)
        #expect(rsa.comment == nil)
        #expect(rsa.md5Fingerprint == "f8:02:c5:39:d2:9c:2e:c8:24:f7:4e:26:27:68:9d:12")
        #expect(rsa.openSSHString == Self.rsa1024)
    }

    @Test func encodesRSAFromModulusAndExponent() throws {
        let modulus = Self.bytes(hex: Self.rsa1024Modulus)
        let encoded = OpenSSHPublicKey(rsaModulus: modulus, exponent: [0x01, 0x00, 0x01])
        #expect(encoded.openSSHString == Self.rsa1024)
        #expect(encoded == (try OpenSSHPublicKey(parsing: Self.rsa1024)))
        // Leading zero bytes are not part of an mpint.
        let padded = OpenSSHPublicKey(rsaModulus: [0, 0] + modulus, exponent: [0, 0x01, 0x00, 0x01], comment: "c")
        #expect(padded.openSSHString == Self.rsa1024 + " c")
        #expect(padded.md5Fingerprint == "f8:02:c5:39:d2:9c:2e:c8:24:f7:4e:26:27:68:9d:12")
    }

    // MARK: Refusals

    @Test func refusesMalformedKeys() throws {
        let cases: [(String, String)] = [
            ("", "empty"),
            ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-dss is not supported"),
            ("ssh-rsa", "missing"),
            ("ssh-rsa not*base64", "not valid base64"),
            // An Ed25519 blob announced as RSA.
            ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB/7wFmM8mPUT2WsGFcxVCkGXg33Awjm1iBqiH", "of type ssh-ed25519, not ssh-rsa"),
            // Truncated key data.
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB", "ends inside"),
            (Self.ed25519 + "\n" + Self.rsa1024, "single line"),
            ("ecdsa-sha2-nistp256 " + Data("x".utf8).base64EncodedString(), "ends before"),
        ]
        for (text, expected) in cases {
            let reason = try #require(Self.reason(text), "accepted: \(text)")
            #expect(reason.contains(expected), "\(reason) should mention \(expected)")
        }
    }

    @Test func refusesTrailingBytesAndSmallRSA() throws {
        let blob = [UInt8](Data(base64Encoded: String(Self.ed25519.split(separator: " ")[1]))!)
        let trailing = "ssh-ed25519 " + Data(blob + [0]).base64EncodedString()
        #expect(Self.reason(trailing)?.contains("unexpected bytes") == true)
        let small = OpenSSHPublicKey(rsaModulus: Array(repeating: 0xFF, count: 64), exponent: [3]).openSSHString
        #expect(Self.reason(small)?.contains("512 bits") == true)
    }

    // MARK: Against ssh-keygen

    @Test(.enabled(if: SSHKeygen.available, "ssh-keygen is not installed"))
    func matchesSSHKeygen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kinds: [([String], OpenSSHPublicKey.Algorithm)] = [
            (["-t", "rsa", "-b", "2048"], .rsa), (["-t", "rsa", "-b", "3072"], .rsa), (["-t", "ed25519"], .ed25519),
            (["-t", "ecdsa", "-b", "256"], .ecdsaP256), (["-t", "ecdsa", "-b", "384"], .ecdsaP384), (["-t", "ecdsa", "-b", "521"], .ecdsaP521),
        ]
        for (index, (options, algorithm)) in kinds.enumerated() {
            let path = dir.appendingPathComponent("key\(index)").path
            _ = try await SSHKeygen.run(options + ["-q", "-N", "", "-C", "test key \(index)", "-f", path])
            let text = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            let key = try OpenSSHPublicKey(parsing: text)
            #expect(key.algorithm == algorithm)
            #expect(key.comment == "test key \(index)")
            #expect(key.openSSHString == text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(try await SSHKeygen.md5Fingerprint(ofFile: path + ".pub") == key.md5Fingerprint)
        }
    }
}

/// Runs the system's `ssh-keygen` for tests that compare with OpenSSH.
enum SSHKeygen {
    static let path = ["/usr/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { path != nil }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs ssh-keygen with `arguments` (and `input` on its standard input); returns its standard output.
    static func run(_ arguments: [String], input: String? = nil) async throws -> String {
        try await blocking { try runBlocking(arguments, input: input) }
    }

    /// Runs blocking `work` on a new thread, so tests running beside it keep Swift's cooperative pool.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in
            Thread { done.resume(with: Result { try work() }) }.start()
        }
    }

    private static func runBlocking(_ arguments: [String], input: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "ssh-keygen")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "ssh-keygen \(arguments.joined(separator: " ")) failed: \(errorText)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The MD5 fingerprint ssh-keygen prints for a key file, without its `MD5:` prefix.
    static func md5Fingerprint(ofFile path: String) async throws -> String {
        let line = try await run(["-l", "-E", "md5", "-f", path])
        let field = line.split(separator: " ")[1]
        return String(field.dropFirst("MD5:".count))
    }
}
