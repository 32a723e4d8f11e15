import DomainModel
import Foundation
import Orchestration
import Persistence

/// One enabled Advanced zone ready for VMs, built through Orchestration's services as an operator builds it:
/// a physical network carrying Guest traffic, a pod, a KVM cluster, the in-process agent's host added with
/// `addHost` (so it is Up), NFS primary storage its host attached, a Local image store holding a ready
/// qcow2 template, and a Shared guest network with addresses 198.18.20.10–198.18.20.50.
public struct TestZone: Sendable {
    public let zoneId: String
    public let podId: String
    public let clusterId: String
    public let hostId: String
    public let poolId: String
    public let networkId: String
    public let templateId: String
    /// The seeded "Small Instance": 1 vCPU of 500 MHz, 512 MiB.
    public let offering: ServiceOffering

    /// The template's virtual size, which is the ROOT disk's size.
    public static let templateBytes: Int64 = 2 << 30
    public static let firstAddress = "198.18.20.10"

    /// Builds the zone in `test`'s cloud and brings its agent's host Up.
    public static func build(in test: TestCloud) async throws -> TestZone {
        let cloud = test.cloud
        let admin = test.admin
        var zoneChanges = ZoneChanges()
        zoneChanges.name = "zone-1"
        zoneChanges.dns1 = "198.18.0.53"
        zoneChanges.internalDns1 = "198.18.0.53"
        let zone = try await cloud.inventory.createZone(zoneChanges, networkType: "Advanced", domainId: nil, securityGroups: false,
                                                        localStorage: false, isEdge: false, by: admin)
        var physicalChanges = PhysicalNetworkChanges()
        physicalChanges.name = "physical-1"
        let physical = try await cloud.networks.createPhysicalNetwork(zoneId: zone.id, physicalChanges, domainId: nil, by: admin)
        _ = try await cloud.networks.addTrafficType(physicalNetworkId: physical.id, type: "Guest", kvmNetworkLabel: nil, by: admin)
        var enabled = PhysicalNetworkChanges()
        enabled.state = "Enabled"
        _ = try await cloud.networks.updatePhysicalNetwork(id: physical.id, enabled, by: admin)
        var podChanges = PodChanges()
        podChanges.name = "pod-1"
        podChanges.gateway = "198.18.3.1"
        podChanges.netmask = "255.255.255.0"
        let pod = try await cloud.inventory.createPod(zoneId: zone.id, podChanges, by: admin)
        var clusterChanges = ClusterChanges()
        clusterChanges.name = "cluster-1"
        clusterChanges.hypervisor = "KVM"
        clusterChanges.clusterType = "CloudManaged"
        let cluster = try await cloud.inventory.addCluster(podId: pod.id, zoneId: zone.id, clusterChanges, by: admin)
        var zoneEnabled = ZoneChanges()
        zoneEnabled.allocationState = "Enabled"
        _ = try await cloud.inventory.updateZone(id: zone.id, zoneEnabled, by: admin)

        try await test.agent.connect()
        let host = try await cloud.agents.addHost(
            HostRegistration(url: "http://" + test.agent.address, zoneId: zone.id, podId: pod.id, clusterId: cluster.id,
                             clusterName: nil, hypervisor: "KVM"),
            inventory: cloud.inventory, by: admin)

        var poolSpec = StoragePoolSpec(name: "primary-1", url: "nfs://198.19.0.250/export/primary", zoneId: zone.id)
        poolSpec.podId = pod.id
        poolSpec.clusterId = cluster.id
        let pool = try await cloud.agents.attachNewPool(try await cloud.inventory.createStoragePool(poolSpec, by: admin))

        let templateId = try await readyTemplate(in: test, zoneId: zone.id)
        let network = try await sharedNetwork(in: test, zoneId: zone.id)
        guard let offering = try await test.db.read.first(Tables.serviceOffering, [.equals(.name, "Small Instance")]) else {
            throw TestCloudError("the seeded Small Instance offering is missing")
        }
        return TestZone(zoneId: zone.id, podId: pod.id, clusterId: cluster.id, hostId: host.id, poolId: pool.id,
                        networkId: network.id, templateId: templateId, offering: offering)
    }

    /// A Local image store with a qcow2 template already downloaded into it. The download itself (which
    /// needs a web server) is not what these tests are about, so the template's rows are written as the
    /// download scheduler leaves them, and the file as a placeholder the simulated host never reads.
    static func readyTemplate(in test: TestCloud, zoneId: String) async throws -> String {
        let storeDirectory = test.directory + "/image-store"
        try FileManager.default.createDirectory(atPath: storeDirectory, withIntermediateDirectories: true)
        var storeSpec = ImageStoreSpec(provider: "Local")
        storeSpec.name = "images-1"
        storeSpec.url = "file://" + storeDirectory
        storeSpec.zoneId = zoneId
        let store = try await test.cloud.inventory.addImageStore(storeSpec, by: test.admin)
        guard let osType = try await test.db.read.first(Tables.osType, []) else { throw TestCloudError("no OS types were seeded") }
        let account = test.adminAccount
        let template = Template(
            id: ResourceID.make(), name: "tiny-linux", displayText: "Tiny Linux", isIso: false, format: "QCOW2", hypervisor: "KVM",
            osTypeId: osType.id, accountId: account.id, domainId: account.domainId, isPublic: true,
            url: "http://198.18.0.9/tiny-linux.qcow2")
        var ref = TemplateStoreRef(id: ResourceID.make(), templateId: template.id, zoneId: zoneId, storeId: store.id, downloadState: .downloaded)
        ref.downloadPercent = 100
        ref.size = templateBytes
        ref.installPath = "template/tmpl/\(account.id)/\(template.id)/\(template.id).qcow2"
        let installed = storeDirectory + "/" + (ref.installPath ?? "")
        try FileManager.default.createDirectory(atPath: (installed as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("placeholder qcow2".utf8).write(to: URL(fileURLWithPath: installed))
        let ready = ref
        try await test.db.transaction { store in
            try await store.insert(template, into: Tables.template)
            try await store.insert(ready, into: Tables.templateStoreRef)
        }
        return template.id
    }

    /// A Shared guest network of the root domain, from the seeded default shared offering.
    static func sharedNetwork(in test: TestCloud, zoneId: String) async throws -> Network {
        guard let offering = try await test.db.read.first(Tables.networkOffering, [.equals(.name, "DefaultSharedNetworkOffering")]),
              let domain = try await test.db.read.find(Tables.domain, id: test.adminAccount.domainId) else {
            throw TestCloudError("the seeded shared network offering or the root domain is missing")
        }
        var request = NetworkRequest(networkOfferingId: offering.id, zoneId: zoneId)
        request.name = "guests-1"
        request.gateway = "198.18.20.1"
        request.netmask = "255.255.255.0"
        request.startIp = firstAddress
        request.endIp = "198.18.20.50"
        return try await test.cloud.networks.createNetwork(request, owner: .domain(domain, subdomainAccess: true), callerIsAdmin: true, by: test.admin)
    }
}
