import DomainModel
import Testing

@Suite("Image rules: checksums, download addresses, qcow2 headers, statuses and visibility")
struct ImageRulesTests {
    // MARK: Checksums

    @Test func checksumFormats() throws {
        let md5 = try Checksum(parsing: "C356BC0C309831A7248DBA988122FF27")
        #expect(md5.algorithm == .md5)
        #expect(md5.matches("c356bc0c309831a7248dba988122ff27"))
        #expect(md5.description == "c356bc0c309831a7248dba988122ff27")
        let sha1 = try Checksum(parsing: "{SHA-1}" + String(repeating: "a", count: 40))
        #expect(sha1.algorithm == .sha1)
        let sha256 = try Checksum(parsing: "{sha256}" + String(repeating: "b", count: 64))
        #expect(sha256.algorithm == .sha256)
        #expect(sha256.description == "{SHA-256}" + String(repeating: "b", count: 64))
        let sha512 = try Checksum(parsing: "{SHA-512}" + String(repeating: "c", count: 128))
        #expect(sha512.algorithm == .sha512)
        #expect(!sha512.matches(String(repeating: "d", count: 128)))
        #expect(sha512.mismatchReason("dd").contains("expected"))
    }

    @Test(arguments: [
        ("abc", "32 hex digits"),
        ("{SHA-3}abcd", "not supported"),
        ("{SHA-256abcd", "no closing"),
        ("{SHA-256}" + String(repeating: "z", count: 64), "not a hexadecimal"),
        ("{SHA-1}" + String(repeating: "a", count: 64), "40 hex digits"),
    ])
    func badChecksums(text: String, reason: String) {
        #expect {
            try Checksum(parsing: text)
        } throws: { error in
            (error as? ChecksumFormatError)?.description.contains(reason) == true
        }
    }

    // MARK: Addresses

    @Test func internalAddressesAreRefusedUnlessAllowed() throws {
        let none = try InternalAddressPolicy(setting: "")
        for text in ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
                     "::1", "fe80::1", "fd00::5", "::ffff:127.0.0.1", "[::1]"] {
            let address = try #require(IPAddress(text), "\(text)")
            #expect(none.refusal(for: address, host: text) != nil, "\(text) must be refused")
        }
        for text in ["93.184.216.34", "8.8.8.8", "2001:db8::1", "172.32.0.1"] {
            #expect(none.refusal(for: IPAddress(text)!, host: text) == nil, "\(text) is public")
        }
        let reason = try #require(none.refusal(for: IPAddress("127.0.0.1")!, host: "localhost"))
        #expect(reason.contains("localhost (127.0.0.1)") && reason.contains("loopback") && reason.contains("secstorage.allowed.internal.sites"))

        let allowed = try InternalAddressPolicy(setting: "127.0.0.1, 10.0.0.0/8 fd00::/8")
        #expect(allowed.refusal(for: IPAddress("127.0.0.1")!, host: "x") == nil)
        #expect(allowed.refusal(for: IPAddress("127.0.0.2")!, host: "x") != nil)
        #expect(allowed.refusal(for: IPAddress("10.200.3.4")!, host: "x") == nil)
        #expect(allowed.refusal(for: IPAddress("fd12::1")!, host: "x") == nil)
        #expect(allowed.refusal(for: IPAddress("192.168.0.1")!, host: "x") != nil)
        #expect(throws: DomainError.self) { try InternalAddressPolicy(setting: "10.0.0.0/33") }
        #expect(throws: DomainError.self) { try InternalAddressPolicy(setting: "intranet") }
    }

    @Test func addressParsing() {
        #expect(IPAddress("::ffff:10.0.0.1")?.ipv4?.description == "10.0.0.1")
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8:0:0:0:0:0:1")
        #expect(IPAddress("1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPAddress("300.1.1.1") == nil)
        #expect(IPNetwork("192.168.0.0/16")?.contains(IPAddress("192.168.44.1")!) == true)
        #expect(IPNetwork("192.168.0.0/16")?.contains(IPAddress("192.169.0.1")!) == false)
    }

    // MARK: qcow2 headers

    /// A qcow2 header: version, virtual size, and optionally a backing file name or an external data file.
    static func qcow2(version: UInt32 = 3, size: UInt64 = 64 << 20, backing: String? = nil, dataFile: String? = nil) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 4096)
        func put32(_ value: UInt32, _ at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(value >> (24 - 8 * UInt32(i)) & 0xFF) } }
        func put64(_ value: UInt64, _ at: Int) { for i in 0..<8 { bytes[at + i] = UInt8(value >> (56 - 8 * UInt64(i)) & 0xFF) } }
        bytes.replaceSubrange(0..<4, with: QCOW2Header.magic)
        put32(version, 4)
        put32(16, 20)
        put64(size, 24)
        let headerLength = version == 3 ? 112 : 72
        if version == 3 { put32(UInt32(headerLength), 100) }
        var offset = headerLength
        if let dataFile {
            put64(0x4, 72)
            put32(0x4441_5441, offset)
            put32(UInt32(dataFile.utf8.count), offset + 4)
            bytes.replaceSubrange(offset + 8..<offset + 8 + dataFile.utf8.count, with: Array(dataFile.utf8))
            offset += 8 + (dataFile.utf8.count + 7) / 8 * 8
        }
        if let backing {
            let at = 1024
            put64(UInt64(at), 8)
            put32(UInt32(backing.utf8.count), 16)
            bytes.replaceSubrange(at..<at + backing.utf8.count, with: Array(backing.utf8))
        }
        return bytes
    }

    @Test func standaloneQCOW2IsAccepted() throws {
        for version: UInt32 in [2, 3] {
            let header = try QCOW2Header(parsing: Self.qcow2(version: version, size: 10 << 30))
            #expect(header.version == version)
            #expect(header.virtualSize == 10 << 30)
            #expect(header.backingFile == nil && header.externalDataFile == nil)
            #expect(header.refusal == nil)
        }
    }

    @Test func backingAndDataFilesAreRefused() throws {
        let backed = try QCOW2Header(parsing: Self.qcow2(backing: "/etc/shadow"))
        #expect(backed.backingFile == "/etc/shadow")
        #expect(backed.refusal?.contains("backing file /etc/shadow") == true)
        let external = try QCOW2Header(parsing: Self.qcow2(dataFile: "/dev/sda"))
        #expect(external.externalDataFile == "/dev/sda")
        #expect(external.refusal?.contains("external file /dev/sda") == true)
    }

    @Test func notQCOW2() {
        #expect(throws: QCOW2Error.self) { try QCOW2Header(parsing: Array("CD001 not a disk".utf8)) }
        #expect(throws: QCOW2Error.self) { try QCOW2Header(parsing: Array(Self.qcow2().prefix(40))) }
        #expect(throws: QCOW2Error.self) { try QCOW2Header(parsing: Self.qcow2(version: 7)) }
        #expect(!QCOW2Header.looksLikeQCOW2([0x51, 0x46]))
    }

    // MARK: Statuses

    @Test func statusTexts() {
        #expect(ImageDownloadState.inProgress.status(isIso: true, percent: 42, error: nil) == "42% Downloaded")
        #expect(ImageDownloadState.inProgress.status(isIso: true, percent: 100, error: nil) == "Installing ISO")
        #expect(ImageDownloadState.inProgress.status(isIso: false, percent: 100, error: nil) == "Installing Template")
        #expect(ImageDownloadState.downloaded.status(isIso: true, percent: 100, error: nil) == "Successfully Installed")
        #expect(ImageDownloadState.downloaded.status(isIso: false, percent: 100, error: nil) == "Download Complete")
        #expect(ImageDownloadState.error.status(isIso: false, percent: 3, error: "HTTP 404 Not Found") == "HTTP 404 Not Found")
        #expect(ImageDownloadState.notDownloaded.status(isIso: false, percent: 0, error: nil) == "Processing")
    }

    @Test func downloadTransitions() {
        #expect(ImageDownloadState.notDownloaded.next(.started) == .inProgress)
        #expect(ImageDownloadState.inProgress.next(.finished) == .downloaded)
        #expect(ImageDownloadState.inProgress.next(.failed) == .error)
        #expect(ImageDownloadState.inProgress.next(.interrupted) == .notDownloaded)
        #expect(ImageDownloadState.downloaded.next(.started) == nil)
        #expect(ImageDownloadState.error.next(.finished) == nil)
    }

    // MARK: Visibility

    static let user = TemplateViewer(accountId: "u", domainPath: "/d/", role: .user, ownerScope: ["u"])
    static let domainAdmin = TemplateViewer(accountId: "da", domainPath: "/d/", role: .domainAdmin, ownerScope: ["da"])
    static let root = TemplateViewer(accountId: "root", domainPath: "/", role: .rootAdmin, ownerScope: ["root"])

    static func image(owner: String = "other", domain: String = "/d/", isPublic: Bool = false, featured: Bool = false, ready: Bool = true, shared: Set<String> = []) -> TemplateVisibilityFacts {
        TemplateVisibilityFacts(ownerAccountId: owner, ownerDomainPath: domain, isPublic: isPublic, isFeatured: featured, isReady: ready, sharedWith: shared)
    }

    @Test func filtersFollowCloudStack() {
        let privateOther = Self.image()
        let own = Self.image(owner: "u")
        let ownNotReady = Self.image(owner: "u", ready: false)
        let publicFeatured = Self.image(isPublic: true, featured: true)
        let community = Self.image(isPublic: true)
        let sharedWithUser = Self.image(shared: ["u"])
        let user = Self.user
        #expect(!TemplateFilter.executable.admits(privateOther, viewer: user), "a user never sees another account's private image")
        #expect(!TemplateFilter.`self`.admits(privateOther, viewer: user))
        #expect(TemplateFilter.`self`.admits(own, viewer: user) && TemplateFilter.`self`.admits(ownNotReady, viewer: user))
        #expect(TemplateFilter.selfexecutable.admits(own, viewer: user) && !TemplateFilter.selfexecutable.admits(ownNotReady, viewer: user))
        #expect(TemplateFilter.featured.admits(publicFeatured, viewer: user) && !TemplateFilter.featured.admits(community, viewer: user))
        #expect(TemplateFilter.community.admits(community, viewer: user) && !TemplateFilter.community.admits(publicFeatured, viewer: user))
        #expect(TemplateFilter.executable.admits(community, viewer: user) && TemplateFilter.executable.admits(own, viewer: user))
        #expect(TemplateFilter.sharedexecutable.admits(sharedWithUser, viewer: user) && TemplateFilter.executable.admits(sharedWithUser, viewer: user))
        #expect(!TemplateFilter.shared.admits(own, viewer: user))
        #expect(TemplateFilter.all.refusal(for: .user) != nil && TemplateFilter.all.refusal(for: .domainAdmin) == nil)
        #expect(TemplateFilter.all.admits(privateOther, viewer: Self.domainAdmin), "a domain admin sees images of its domain")
        #expect(!TemplateFilter.all.admits(Self.image(domain: "/e/"), viewer: Self.domainAdmin), "but not of other domains")
        #expect(TemplateFilter.all.admits(Self.image(domain: "/e/"), viewer: Self.root))
        let rootWithListAll = TemplateViewer(accountId: "root", domainPath: "/", role: .rootAdmin, ownerScope: nil)
        #expect(TemplateFilter.`self`.admits(privateOther, viewer: rootWithListAll) && !TemplateFilter.`self`.admits(privateOther, viewer: Self.root))
        #expect(TemplateFilter(name: "SelfExecutable") == .selfexecutable && TemplateFilter(name: "mine") == nil)
    }
}
