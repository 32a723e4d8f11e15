import Foundation
@testable import CLI
import Testing

@Suite("import-cmk")
struct CmkImportTests {
    /// The shape cmk 6 writes: core keys first, without a section header, then one section per profile.
    static let cmkConfig = """
        prompt = 🐱
        asyncblock = true
        timeout = 900
        output = table
        verifycert = false
        profile = lab

        [localcloud]
        url = http://localhost:8080/client/api
        username = admin
        password = password
        domain = /
        apikey =
        secretkey =

        [lab]
        url = https://lab.example:8443/client/api
        username =
        password =
        domain = /
        apikey = LABKEY
        secretkey = LABSECRET
        """

    @Test func copiesEveryProfileAndTheCurrentOne() throws {
        var config = CLIConfiguration.initial
        let summary = CmkImport.merge(cmkConfig: Self.cmkConfig, into: &config)
        #expect(summary == .init(profiles: ["localcloud", "lab"], currentProfile: "lab"))
        #expect(config.currentProfile == "lab")
        let lab = try #require(config.profile("lab"))
        #expect(lab.url == "https://lab.example:8443/client/api")
        #expect(lab.authentication == .keys(apiKey: "LABKEY", secretKey: "LABSECRET"))
        #expect(lab.output == .table)
        #expect(lab.timeoutSeconds == 900)
        #expect(!lab.verifiesCertificates)
        #expect(config.profile("localcloud")?.authentication == .password(username: "admin", password: "password", domain: "/"))
    }

    @Test func acceptsACoreSectionAndKeepsOtherProfiles() throws {
        var config = CLIConfiguration.initial
        try config.switchProfile(to: "mine")
        try config.set(.url, "http://mine/client/api", in: "mine")
        let summary = CmkImport.merge(cmkConfig: "[core]\nprofile = x\n\n[x]\nurl = http://x/client/api\n", into: &config)
        #expect(summary.profiles == ["x"])
        #expect(config.currentProfile == "x")
        #expect(config.profile("mine")?.url == "http://mine/client/api")
    }

    @Test func importedFileRoundTripsThroughTheStoreWithModeSixHundred() throws {
        let store = ConfigStore(home: Fixtures.temporaryDirectory())
        var config = try store.load()
        _ = CmkImport.merge(cmkConfig: Self.cmkConfig, into: &config)
        try store.save(config)
        #expect(Fixtures.mode(of: store.configPath) == 0o600)
        #expect(try store.load().profile("lab")?[.secretkey] == "LABSECRET")
    }
}
