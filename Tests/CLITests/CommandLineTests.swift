import Foundation
@testable import CLI
import Testing

/// The command line end to end, for everything that is decided before a request is sent.
@Suite("Command line without a server")
struct CommandLineTests {
    @Test func setWritesTheProfileAndShowsNoSecrets() async throws {
        let cli = OfflineCLI()
        #expect(await cli.run("set", "url", "http://127.0.0.1:9/client/api").status == 0)
        #expect(await cli.run("set", "secretkey", "TOP-SECRET").status == 0)
        #expect(await cli.run("set", "password", "--", "-pw").status == 0)
        #expect(await cli.run("set", "output", "column").status == 0)
        let shown = await cli.run("set")
        #expect(shown.status == 0)
        #expect(shown.out.contains("url = http://127.0.0.1:9/client/api"))
        #expect(shown.out.contains("secretkey = ********"))
        #expect(shown.out.contains("output = column"))
        #expect(!shown.out.contains("TOP-SECRET") && !shown.out.contains("-pw"))
        let store = ConfigStore(home: cli.home)
        #expect(Fixtures.mode(of: store.configPath) == 0o600)
        #expect(try store.load().profile("localcloud")?[.password] == "-pw")
    }

    @Test func setProfileCreatesAndSwitches() async throws {
        let cli = OfflineCLI()
        let created = await cli.run("set", "profile", "lab")
        #expect(created.status == 0 && created.err.contains("created profile lab"))
        #expect(await cli.run("-p", "localcloud", "set", "timeout", "30").status == 0)
        let config = try ConfigStore(home: cli.home).load()
        #expect(config.currentProfile == "lab")
        #expect(config.profile("localcloud")?.timeoutSeconds == 30)
        #expect(config.profile("lab")?.timeoutSeconds == 1800)
        let bad = await cli.run("set", "colour", "blue")
        #expect(bad.status == ExitStatus.usageError && bad.err.contains("unknown setting colour"))
        #expect(await cli.run("set", "output", "xml").status == ExitStatus.usageError)
    }

    @Test func importCmkReadsTheCmkFile() async throws {
        let cli = OfflineCLI()
        let cmk = cli.home + "/.cmk"
        try FileManager.default.createDirectory(atPath: cmk, withIntermediateDirectories: true)
        try CmkImportTests.cmkConfig.write(toFile: cmk + "/config", atomically: true, encoding: .utf8)
        let result = await cli.run("import-cmk")
        #expect(result.status == 0)
        #expect(result.out == "Imported 2 profiles from \(cmk)/config: localcloud, lab; current profile: lab\n")
        #expect(!result.out.contains("LABSECRET"))
        #expect(try ConfigStore(home: cli.home).load().profile("lab")?.authentication == .keys(apiKey: "LABKEY", secretKey: "LABSECRET"))
        #expect(await cli.run("import-cmk", "--from", "/nonexistent/config").status == ExitStatus.usageError)
    }

    @Test func validationFailsBeforeAnythingIsSent() async {
        let cli = OfflineCLI()
        _ = await cli.run("set", "url", "http://127.0.0.1:9/client/api")
        let missing = await cli.run("create", "zone", "name=z")
        #expect(missing.status == ExitStatus.usageError)
        #expect(missing.err == "error: missing required parameters for createZone: dns1, internaldns1, networktype\n")
        let unknown = await cli.run("list", "zones", "colour=red")
        #expect(unknown.status == ExitStatus.usageError && unknown.err.contains("colour"))
        let noCredentials = await cli.run("list", "zones")
        #expect(noCredentials.status == ExitStatus.usageError && noCredentials.err.contains("no credentials"))
        #expect(await cli.run("list", "zones", "-o", "xml").status == ExitStatus.usageError)
        #expect(await cli.run("create", "zone", "--all").status == ExitStatus.usageError)
    }

    @Test func helpComesFromTheAPIList() async {
        let cli = OfflineCLI()
        let root = await cli.run("--help")
        #expect(root.status == 0 && root.out.contains("VERBS") && root.out.contains("-o, --output <format>"))
        let verb = await cli.run("create", "--help")
        #expect(verb.out.contains("zone") && verb.out.contains("createZone"))
        let api = await cli.run("create", "zone", "--help")
        #expect(api.out.hasPrefix("createZone: "))
        #expect(api.out.contains("REQUIRED PARAMETERS") && api.out.contains("networktype=<string>"))
        #expect(await cli.run("help", "list", "zones").out.hasPrefix("listZones: "))
        #expect(await cli.run("sync", "--help").out.contains("listApis"))
        #expect(await cli.run("--version").out == "\(CumuloCommand.version)\n")
    }
}
