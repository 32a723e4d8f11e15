import APIModel
@testable import APIServer
import DomainModel
import Orchestration
import Testing

@Suite("deployVirtualMachine parameters into a deployment request")
struct DeployParameterTests {
    static let zone = "5a2c6f1e-0d6b-4c1e-9a55-3f1f3b0f2a01"
    static let offering = "5a2c6f1e-0d6b-4c1e-9a55-3f1f3b0f2a02"
    static let template = "5a2c6f1e-0d6b-4c1e-9a55-3f1f3b0f2a03"
    static let netA = "5a2c6f1e-0d6b-4c1e-9a55-3f1f3b0f2a0a"
    static let netB = "5a2c6f1e-0d6b-4c1e-9a55-3f1f3b0f2a0b"

    /// The context deployVirtualMachine's handler would get for these parameters, called by the admin.
    static func context(_ api: TestAPI, _ extra: [(String, String)], command: CommandDescriptor = Commands.deployVirtualMachine) async throws -> CommandContext {
        let (caller, _) = try #require(try await api.cloud.identity.caller(apiKey: api.apiKey))
        let base = [("zoneid", zone), ("serviceofferingid", offering), ("templateid", template)]
        return CommandContext(descriptor: command, params: RequestParameters(pairs: base + extra), caller: caller, services: CommandServices(cloud: api.cloud))
    }

    static func request(_ api: TestAPI, _ extra: [(String, String)]) async throws -> DeploymentRequest {
        try DeployParameters.request(try await context(api, extra))
    }

    /// The refusal of these parameters, by the descriptor's checks (as the endpoint makes them) or the handler's.
    static func refusal(_ api: TestAPI, _ extra: [(String, String)]) async throws -> APIError? {
        do {
            let ctx = try await context(api, extra)
            try ParameterValidator(descriptor: ctx.descriptor, maxPageSize: 500).validate(ctx.params, role: AccessPolicy.role(of: ctx.caller))
            _ = try DeployParameters.request(ctx)
            return nil
        } catch let error as APIError {
            return error
        }
    }

    @Test func defaultsAreTheRequiredParametersOnly() async throws {
        try await withTestAPI { api in
            let request = try await Self.request(api, [])
            #expect(request == DeploymentRequest(zoneId: Self.zone, serviceOfferingId: Self.offering, templateId: Self.template))
            #expect(request.startVM)
        }
    }

    @Test func ipToNetworkListKeepsNICOrderAndAddresses() async throws {
        try await withTestAPI { api in
            // Indexes decide the order, not the order of arrival; an entry without ip gets any address.
            let request = try await Self.request(api, [
                ("iptonetworklist[1].networkid", Self.netB),
                ("iptonetworklist[0].ip", "198.18.5.10"),
                ("iptonetworklist[0].networkid", Self.netA),
            ])
            #expect(request.networkIds == [Self.netA, Self.netB])
            #expect(request.ipToNetwork == [Self.netA: "198.18.5.10"])
            #expect(request.ipAddress == nil)

            let plain = try await Self.request(api, [("networkids", "\(Self.netB),\(Self.netA)"), ("ipaddress", "198.18.5.11")])
            #expect(plain.networkIds == [Self.netB, Self.netA])
            #expect(plain.ipAddress == "198.18.5.11")
            #expect(plain.ipToNetwork.isEmpty)

            let camelCase = try await Self.request(api, [("ipToNetworkList[0].networkId", Self.netA), ("ipToNetworkList[0].ip", "198.18.5.12")])
            #expect(camelCase.networkIds == [Self.netA])
            #expect(camelCase.ipToNetwork == [Self.netA: "198.18.5.12"])

            let twice = try await Self.refusal(api, [("iptonetworklist[0].networkid", Self.netA), ("iptonetworklist[1].networkid", Self.netA)])
            #expect(twice?.code == .parameterError)
            let withAddress = try await Self.refusal(api, [("iptonetworklist[0].networkid", Self.netA), ("ipaddress", "198.18.5.13")])
            #expect(withAddress?.code == .parameterError)
            let badId = try await Self.refusal(api, [("iptonetworklist[0].networkid", "net-a")])
            #expect(badId?.code == .parameterError)
            let mac = try await Self.refusal(api, [("iptonetworklist[0].networkid", Self.netA), ("iptonetworklist[0].mac", "02:00:00:00:00:01")])
            #expect(mac?.text.contains("mac") == true)
            let malformed = try await Self.refusal(api, [("iptonetworklist[0]ip", "198.18.5.14")])
            #expect(malformed?.code == .malformedParameter)
        }
    }

    @Test func detailsTakeBothMapForms() async throws {
        try await withTestAPI { api in
            let request = try await Self.request(api, [
                ("details[0].cpuNumber", "2"), ("details[0].memory", "2048"),
                ("details[1].key", "keyboard"), ("details[1].value", "de"),
                ("details[2].rootdisksize", "30"),
                ("rootdisksize", "12"),
            ])
            #expect(request.details == ["cpuNumber": "2", "memory": "2048", "keyboard": "de", "rootdisksize": "30"])
            #expect(request.rootDiskSizeGB == 30, "details[].rootdisksize wins over rootdisksize")

            let plain = try await Self.request(api, [("rootdisksize", "12"), ("size", "50")])
            #expect(plain.rootDiskSizeGB == 12)
            #expect(plain.sizeGB == 50)
            #expect(plain.details.isEmpty)

            let badSize = try await Self.refusal(api, [("details[0].rootdisksize", "large")])
            #expect(badSize?.code == .parameterError)
            let extraConfig = try await Self.refusal(api, [("details[0].extraconfig-1", "<cpu/>")])
            #expect(extraConfig?.text.contains("extraconfig") == true)
        }
    }

    @Test func keypairsAndTheRestAreCarriedOver() async throws {
        try await withTestAPI { api in
            let request = try await Self.request(api, [
                ("keypairs", "laptop, deploy ,laptop"), ("keypair", "ci"),
                ("name", "web-1"), ("displayname", "Web server"), ("group", "frontend"),
                ("userdata", "I2Nsb3VkLWNvbmZpZwo="), ("startvm", "False"), ("diskofferingid", Self.netA),
                ("hostid", Self.netB), ("hypervisor", "kvm"), ("boottype", "BIOS"), ("bootmode", "legacy"),
                ("keyboard", "us"), ("iothreadsenabled", "true"), ("dynamicscalingenabled", "false"),
            ])
            #expect(request.keypairs == ["laptop", "deploy", "ci"])
            #expect(request.name == "web-1")
            #expect(request.displayName == "Web server")
            #expect(request.group == "frontend")
            #expect(request.userData == "I2Nsb3VkLWNvbmZpZwo=")
            #expect(request.startVM == false)
            #expect(request.diskOfferingId == Self.netA)
            #expect(request.hostId == Self.netB)

            #expect(try await Self.request(api, [("keypair", "only")]).keypairs == ["only"])
            #expect(try await Self.request(api, [("startvm", "yes")]).startVM == false, "only true is true, as in CloudStack")
        }
    }

    @Test func unsupportedChoicesAreRefusedNotDropped() async throws {
        try await withTestAPI { api in
            for extra in [
                [("password", "chosen")], [("affinitygroupnames", "spread")], [("macaddress", "02:00:00:00:00:09")],
                [("boottype", "UEFI")], [("bootmode", "Secure")], [("hypervisor", "VMware")],
                [("dhcpoptionsnetworklist[0].networkid", Self.netA)], [("projectid", Self.netA)],
            ] {
                let refusal = try await Self.refusal(api, extra)
                #expect(refusal?.code == .parameterError, "\(extra)")
            }
            // Flags set to false ask for nothing.
            #expect(try await Self.refusal(api, [("copyimagetags", "false"), ("bootintosetup", "false")]) == nil)
        }
    }
}
