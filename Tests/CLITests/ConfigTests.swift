import Foundation
@testable import CLI
import Testing

@Suite("Configuration")
struct ConfigTests {
    @Test func iniRoundTrip() {
        let text = """
            # a comment
            prompt = "x"

            [core]
            profile = lab
            ; another comment
            output = table

            [lab]
            url = http://127.0.0.1:8080/client/api
            apikey = abc=def
            secretkey =
            """
        let document = INIDocument(parsing: text)
        #expect(document.value("prompt", in: "") == "x")
        #expect(document.value("profile", in: "core") == "lab")
        #expect(document.value("apikey", in: "lab") == "abc=def")
        #expect(document.value("secretkey", in: "lab") == "")
        #expect(INIDocument(parsing: document.rendered()) == document)
        #expect(document.rendered().hasPrefix("prompt = x\n\n[core]\nprofile = lab\n"))
    }

    @Test func awkwardValuesSurviveARoundTrip() {
        var document = INIDocument()
        for (index, value) in [" padded ", "\"quoted\"", "`ticks`", "a#b;c", "x = y", ""].enumerated() {
            document.set("key\(index)", value, in: "p")
        }
        #expect(INIDocument(parsing: document.rendered()) == document)
    }

    @Test func initialConfigurationHasOneProfile() throws {
        let config = CLIConfiguration.initial
        #expect(config.currentProfile == "localcloud")
        #expect(config.profileNames == ["localcloud"])
        let profile = try #require(config.profile("localcloud"))
        #expect(profile.url == "http://localhost:8080/client/api")
        #expect(profile.output == .json)
        #expect(profile.authentication == .none)
    }

    @Test func settingsAreCheckedAndStoredPerProfile() throws {
        var config = CLIConfiguration.initial
        try config.set(.output, "TABLE", in: "localcloud")
        try config.set(.apikey, "key", in: "localcloud")
        try config.set(.secretkey, "secret", in: "localcloud")
        #expect(config.profile("localcloud")?.output == .table)
        #expect(config.profile("localcloud")?.authentication == .keys(apiKey: "key", secretKey: "secret"))
        #expect(throws: UsageError.self) { try config.set(.output, "xml", in: "localcloud") }
        #expect(throws: UsageError.self) { try config.set(.url, "ftp://x", in: "localcloud") }
        #expect(throws: UsageError.self) { try config.set(.timeout, "-1", in: "localcloud") }
        #expect(throws: UsageError.self) { try config.set(.signatureversion, "4", in: "localcloud") }
        #expect(try config.switchProfile(to: "prod"))
        #expect(config.currentProfile == "prod")
        #expect(config.profile("prod")?.output == .json, "[core] output applies to profiles without their own")
        #expect(try !config.switchProfile(to: "localcloud"))
        #expect(throws: UsageError.self) { try config.switchProfile(to: "core") }
    }

    @Test func passwordLoginWhenKeysAreMissing() throws {
        var config = CLIConfiguration.initial
        try config.set(.username, "admin", in: "localcloud")
        try config.set(.password, "pw", in: "localcloud")
        #expect(config.profile("localcloud")?.authentication == .password(username: "admin", password: "pw", domain: "/"))
        try config.set(.signatureversion, "2", in: "localcloud")
        #expect(config.profile("localcloud")?.expirySeconds == nil)
    }

    @Test func secretsAreNeverDisplayed() {
        #expect(ProfileKey.secretkey.display("s3cr3t") == "********")
        #expect(ProfileKey.password.display("pw") == "********")
        #expect(ProfileKey.apikey.display("") == "(not set)")
        #expect(ProfileKey.url.display("http://x") == "http://x")
    }

    @Test func storeWritesModeSixHundredAndReadsBack() throws {
        let home = Fixtures.temporaryDirectory()
        let store = ConfigStore(home: home)
        let first = try store.load()
        #expect(first == .initial)
        #expect(Fixtures.mode(of: store.configPath) == 0o600)
        #expect(Fixtures.mode(of: store.directory) == 0o700)
        var config = first
        try config.set(.secretkey, "very-secret", in: "localcloud")
        try config.switchProfile(to: "other")
        try store.save(config)
        #expect(Fixtures.mode(of: store.configPath) == 0o600)
        #expect(try store.load() == config)
        #expect(try store.load().profile("localcloud")?[.secretkey] == "very-secret")
        chmod(store.configPath, 0o644)
        try store.save(config)
        #expect(Fixtures.mode(of: store.configPath) == 0o600, "saving tightens a loosened file")
    }

    @Test func environmentOverridesTheProfile() throws {
        var config = CLIConfiguration.initial
        try config.set(.url, "http://a:8080/client/api", in: "localcloud")
        try config.switchProfile(to: "prod")
        try config.set(.url, "http://p:8080/client/api", in: "prod")
        let environment = ["CUMULO_PROFILE": "localcloud", "CUMULO_APIKEY": "k", "CUMULO_SECRETKEY": "s", "CUMULO_OUTPUT": "csv"]
        let resolver = ProfileResolver(environment: environment)
        let profile = try resolver.resolve(config)
        #expect(profile.name == "localcloud")
        #expect(profile.url == "http://a:8080/client/api")
        #expect(profile.output == .csv)
        #expect(profile.authentication == .keys(apiKey: "k", secretKey: "s"))
        #expect(try resolver.resolve(config, requested: "prod").url == "http://p:8080/client/api", "-p beats CUMULO_PROFILE")
        #expect(throws: UsageError.self) { try resolver.resolve(config, requested: "missing") }
        #expect(throws: UsageError.self) { try ProfileResolver(environment: ["CUMULO_OUTPUT": "xml"]).resolve(config) }
        let adHoc = try ProfileResolver(environment: ["CUMULO_PROFILE": "ci", "CUMULO_URL": "http://c/client/api"]).resolve(config)
        #expect(adHoc.name == "ci" && adHoc.url == "http://c/client/api")
    }
}
