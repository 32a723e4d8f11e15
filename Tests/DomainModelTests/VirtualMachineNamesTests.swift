import DomainModel
import Testing

@Suite("Virtual machine names")
struct VirtualMachineNamesTests {
    @Test func instanceNamesFollowCloudStack() {
        #expect(VirtualMachineNames.instanceName(accountNumber: 2, vmNumber: 17) == "i-2-17-VM")
        #expect(VirtualMachineNames.instanceName(accountNumber: 5, vmNumber: 1, suffix: "cumulo") == "i-5-1-cumulo")
    }

    @Test func instanceNamesRoundTrip() {
        for (account, vm) in [(0, 0), (2, 17), (123, 987_654)] {
            let name = VirtualMachineNames.instanceName(accountNumber: account, vmNumber: vm)
            let parsed = VirtualMachineNames.parseInstanceName(name)
            #expect(parsed?.accountNumber == account && parsed?.vmNumber == vm && parsed?.suffix == "VM")
        }
    }

    @Test(arguments: ["", "i-2-17", "x-2-17-VM", "i-02-17-VM", "i--17-VM", "i-2-17-", "i-2-17-V M", "i-a-17-VM", "i-2-17-VM-x"])
    func foreignInstanceNamesDoNotParse(name: String) {
        #expect(VirtualMachineNames.parseInstanceName(name) == nil)
    }

    @Test func instanceNamesAreLibvirtSafe() {
        let name = VirtualMachineNames.instanceName(accountNumber: 42, vmNumber: 4_000_000)
        #expect(name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
    }

    @Test(arguments: [
        ("web-1", true), ("a", true), ("VM-3c4b9d2e-1f00-4b7a-9c3e-0a1b2c3d4e5f", true), (String(repeating: "a", count: 63), true),
        ("", false), (String(repeating: "a", count: 64), false), ("1web", false), ("-web", false), ("web-", false),
        ("web_1", false), ("web.example", false), ("wéb", false), ("web 1", false),
    ])
    func hostNames(name: String, valid: Bool) {
        #expect(VirtualMachineNames.isValidHostName(name) == valid, "\(name)")
        #expect(((try? VirtualMachineNames.checkHostName(name)) != nil) == valid)
    }

    @Test func invalidHostNameUsesCloudStackMessage() {
        #expect(throws: DomainError.invalidParameter(
            "Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), "
                + "must be between 1 and 63 characters long, and can't start or end with \"-\" and can't start with digit")) {
            try VirtualMachineNames.checkHostName("9lives")
        }
    }

    @Test func defaultNames() {
        let id = "3c4b9d2e-1f00-4b7a-9c3e-0a1b2c3d4e5f"
        #expect(VirtualMachineNames.defaultHostName(vmId: id) == "VM-" + id)
        #expect(VirtualMachineNames.isValidHostName(VirtualMachineNames.defaultHostName(vmId: id)))
        #expect(VirtualMachineNames.rootVolumeName(vmNumber: 17) == "ROOT-17")
        #expect(VirtualMachineNames.dataVolumeName(vmNumber: 17) == "DATA-17")
    }

    @Test func keypairNamesSplit() {
        var vm = VirtualMachine(id: "v", name: "web", displayName: "web", instanceName: "i-2-1-VM", accountId: "a", domainId: "d",
                                zoneId: "z", templateId: "t", serviceOfferingId: "s", cpuNumber: 2, cpuSpeed: 1000, memory: 512,
                                guestOsId: "os")
        #expect(vm.keypairNames == [])
        vm.keypairs = "alice, bob,,carol "
        #expect(vm.keypairNames == ["alice", "bob", "carol"])
        #expect(vm.cpuNeededMHz == 2000)
        #expect(vm.memoryNeededBytes == 512 * 1_048_576)
        #expect(vm.details == "{}")
        #expect(vm.state == .stopped && vm.haEnabled == false)
    }
}
