import DomainModel
import Foundation
import Persistence
import Testing

/// A zone with a host, a primary storage pool, a Shared guest network, a template and an ISO, into which
/// tests insert VM, NIC and volume rows directly — the listings and answers need no deployment workflow.
struct ComputeFixture {
    let api: TestAPI
    let zone: String
    let pod: String
    let host: String
    let rootDomain: String
    let network: Network
    let template: Template
    let iso: Template
    let offering: ServiceOffering
    let diskOffering: DiskOffering
    let osType: OsType
    let pool: StoragePool

    static func make(_ api: TestAPI) async throws -> ComputeFixture {
        let inventory = try await InfrastructureAPITests.makeInventory(api)
        let host = try await InfrastructureAPITests.insertHost(api, inventory)
        let read = api.cloud.db.read
        let admin = try #require(try await read.first(Tables.account, [.equals(.name, "admin")]))
        let offering = try #require(try await read.first(Tables.serviceOffering, [.equals(.name, "Small Instance")]))
        let diskOffering = try #require(try await read.first(Tables.diskOffering, [.equals(.name, "Medium")]))
        let osType = try #require(try await read.first(Tables.osType, []))
        let network = Network(
            id: ResourceID.make(), name: "guest-shared", displayText: "Shared guest network", zoneId: inventory.zone,
            networkOfferingId: ResourceID.make(), accountId: admin.id, domainId: admin.domainId, guestType: "Shared",
            aclType: "Domain", state: "Setup", gateway: "198.18.5.1", netmask: "255.255.255.0", cidr: "198.18.5.0/24", vlan: "100")
        let template = Template(
            id: ResourceID.make(), name: "tiny-linux", displayText: "Tiny Linux 1.0", isIso: false, format: "QCOW2", hypervisor: "KVM",
            osTypeId: osType.id, accountId: admin.id, domainId: admin.domainId, isPublic: true, passwordEnabled: true,
            url: "http://198.18.0.9/tiny.qcow2")
        let iso = Template(
            id: ResourceID.make(), name: "rescue", displayText: "Rescue CD", isIso: true, format: "ISO", hypervisor: nil,
            osTypeId: osType.id, accountId: admin.id, domainId: admin.domainId, isPublic: true, url: "http://198.18.0.9/rescue.iso")
        let pool = StoragePool(
            id: ResourceID.make(), name: "primary-1", zoneId: inventory.zone, podId: inventory.pod, clusterId: inventory.cluster,
            scope: "CLUSTER", poolType: "NetworkFilesystem", host: "198.18.0.5", path: "/export/primary",
            url: "nfs://198.18.0.5/export/primary", state: .up, capacityBytes: 1 << 40)
        try await api.cloud.db.transaction { store in
            try await store.insert(network, into: Tables.network)
            try await store.insert(template, into: Tables.template)
            try await store.insert(iso, into: Tables.template)
            try await store.insert(pool, into: Tables.storagePool)
        }
        return ComputeFixture(
            api: api, zone: inventory.zone, pod: inventory.pod, host: host, rootDomain: admin.domainId, network: network,
            template: template, iso: iso, offering: offering, diskOffering: diskOffering, osType: osType, pool: pool)
    }

    func account(_ name: String) async throws -> Account {
        try #require(try await api.cloud.db.read.first(Tables.account, [.equals(.name, name), .isNull(.removed)]))
    }

    /// A VM row of `owner` (not yet inserted) on the fixture's template and offering.
    func vm(_ name: String, of owner: Account, state: VirtualMachineState = .stopped, onHost: Bool = false) -> VirtualMachine {
        VirtualMachine(
            id: ResourceID.make(), name: name, displayName: name, instanceName: "i-2-\(ResourceID.make().prefix(8))-VM",
            accountId: owner.id, domainId: owner.domainId, zoneId: zone, podId: onHost ? pod : nil, hostId: onHost ? host : nil,
            templateId: template.id, serviceOfferingId: offering.id, cpuNumber: offering.cpuNumber ?? 1, cpuSpeed: offering.cpuSpeed ?? 500,
            memory: offering.memory ?? 512, state: state, guestOsId: osType.id)
    }

    /// A NIC of `vm` on the fixture's network.
    func nic(of vm: VirtualMachine, address: String, mac: String, isDefault: Bool = true, deviceId: Int = 0) -> Nic {
        Nic(id: ResourceID.make(), vmId: vm.id, networkId: network.id, ipAddress: address, netmask: "255.255.255.0", gateway: "198.18.5.1",
            macAddress: mac, isDefault: isDefault, deviceId: deviceId, broadcastUri: "vlan://100")
    }

    /// A Ready volume of `owner`; attached to `vm` at `deviceId` when one is given.
    func volume(_ name: String, of owner: Account, type: VolumeType = .dataDisk, vm: VirtualMachine? = nil, deviceId: Int? = nil) -> Volume {
        Volume(
            id: ResourceID.make(), name: name, accountId: owner.id, domainId: owner.domainId, zoneId: zone, poolId: pool.id, vmId: vm?.id,
            deviceId: vm == nil ? nil : deviceId, type: type, sizeBytes: 20 << 30, diskOfferingId: type == .dataDisk ? diskOffering.id : nil,
            templateId: type == .root ? template.id : nil, path: "\(ResourceID.make()).qcow2", state: .ready)
    }

    func insert(vms: [VirtualMachine] = [], nics: [Nic] = [], volumes: [Volume] = []) async throws {
        try await api.cloud.db.transaction { store in
            for vm in vms { try await store.insert(vm, into: Tables.vmInstance) }
            for nic in nics { try await store.insert(nic, into: Tables.nic) }
            for volume in volumes { try await store.insert(volume, into: Tables.volume) }
        }
    }

    /// An account of `type` (0 user, 2 domain administrator) in `domainId`, signed in with its own keys.
    static func account(_ api: TestAPI, _ name: String, type: Int = 0, domainId: String? = nil) async throws -> TestAPI {
        var params = [
            "username": name, "password": "secret-\(name)", "firstname": name, "lastname": "test",
            "email": "\(name)@example.org", "accounttype": String(type),
        ]
        params["domainid"] = domainId
        let account = try await api.ok("createAccount", params).object("account")
        let userId = try #require((account["user"] as? [[String: Any]])?.first?["id"] as? String)
        let keys = try await api.ok("registerUserKeys", ["id": userId]).object("userkeys")
        var signedIn = api
        signedIn.apiKey = try #require(keys["apikey"] as? String)
        signedIn.secretKey = try #require(keys["secretkey"] as? String)
        return signedIn
    }
}
