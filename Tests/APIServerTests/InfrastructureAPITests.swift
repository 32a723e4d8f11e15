import APIServer
import DomainModel
import Foundation
import Logging
import Orchestration
import Persistence
import Testing

@Suite("Pods, clusters, hosts and storage through the API")
struct InfrastructureAPITests {
    /// The NFS export CI serves on loopback for image stores (addImageStore writes a probe file to it).
    static let secondaryExport = "nfs://127.0.0.1" + (ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"] ?? "/srv/nfs/secondary")
    static let zoneParams = ["name": "Zone1", "networktype": "Advanced", "dns1": "198.18.0.53", "internaldns1": "198.18.0.54"]
    static let podParams = ["name": "Pod1", "gateway": "198.18.1.1", "netmask": "255.255.255.0", "startip": "198.18.1.10", "endip": "198.18.1.100"]

    struct Inventory {
        var zone: String
        var pod: String
        var cluster: String
    }

    static func makeZone(_ api: TestAPI, name: String = "Zone1") async throws -> String {
        var params = zoneParams
        params["name"] = name
        return try #require(try await api.ok("createZone", params).object("zone")["id"] as? String)
    }

    static func makeInventory(_ api: TestAPI) async throws -> Inventory {
        let zone = try await makeZone(api)
        let pod = try await api.ok("createPod", podParams.merging(["zoneid": zone]) { $1 }).object("pod")
        let podId = try #require(pod["id"] as? String)
        let clusters = try await api.ok("addCluster", ["zoneid": zone, "podid": podId, "clustername": "Cluster1", "clustertype": "CloudManaged", "hypervisor": "KVM"])
        let clusterId = try #require(clusters.list("cluster").first?["id"] as? String)
        return Inventory(zone: zone, pod: podId, cluster: clusterId)
    }

    static func insertHost(_ api: TestAPI, _ inventory: Inventory, name: String = "kvm1", address: String = "198.18.1.20", status: HostStatus = .up) async throws -> String {
        let host = HypervisorHost(
            id: ResourceID.make(), name: name, zoneId: inventory.zone, podId: inventory.pod, clusterId: inventory.cluster,
            ipAddress: address, hypervisorVersion: "8.2.0", version: "0.1.0", status: status, cpuSockets: 1, cpuNumber: 4,
            cpuSpeed: 2000, totalMemory: 8 * 1024 * 1024 * 1024, managementServerId: api.cloud.managementServerId)
        try await api.cloud.db.transaction { try await $0.insert(host, into: Tables.host) }
        return host.id
    }

    static func count(_ api: TestAPI, _ command: String, _ params: [String: String] = [:]) async throws -> Int {
        try await api.ok(command, params)["count"] as? Int ?? 0
    }

    // MARK: Pods

    @Test func podRoundTrip() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let pod = try await api.ok("createPod", Self.podParams.merging(["zoneid": zone]) { $1 }).object("pod")
            #expect(pod["name"] as? String == "Pod1")
            #expect(pod["zonename"] as? String == "Zone1")
            #expect(pod["gateway"] as? String == "198.18.1.1")
            #expect(pod["startip"] as? [String] == ["198.18.1.10"])
            #expect(pod["endip"] as? [String] == ["198.18.1.100"])
            #expect(pod["allocationstate"] as? String == "Enabled")
            let id = try #require(pod["id"] as? String)

            let listed = try await api.ok("listPods", ["zoneid": zone])
            #expect(listed["count"] as? Int == 1)
            #expect(try await Self.count(api, "listPods", ["name": "Pod1"]) == 1)
            #expect(try await Self.count(api, "listPods", ["keyword": "od"]) == 1)
            #expect(try await api.ok("listPods", ["name": "nope"]).raw == #"{"listpodsresponse":{}}"#)
            let withCapacity = try await api.ok("listPods", ["showcapacities": "true"]).list("pod")
            let capacity = withCapacity.first?["capacity"] as? [[String: Any]] ?? []
            #expect(capacity.map { $0["name"] as? String } == ["MEMORY", "CPU", "STORAGE", "STORAGE_ALLOCATED"])
            #expect(capacity.allSatisfy { $0["podid"] as? String == id })

            let updated = try await api.ok("updatePod", ["id": id, "name": "Pod1b", "endip": "198.18.1.150", "allocationstate": "Disabled"]).object("pod")
            #expect(updated["name"] as? String == "Pod1b")
            #expect(updated["startip"] as? [String] == ["198.18.1.10"])
            #expect(updated["endip"] as? [String] == ["198.18.1.150"])
            #expect(updated["allocationstate"] as? String == "Disabled")

            #expect(try await api.ok("deletePod", ["id": id])["success"] as? Bool == true)
            #expect(try await api.ok("listPods").raw == #"{"listpodsresponse":{}}"#)
            #expect(try await api.call("deletePod", ["id": id]).status == 431)
        }
    }

    @Test func aStartAddressAloneRunsToTheEndOfTheSubnet() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            var params = Self.podParams.merging(["zoneid": zone]) { $1 }
            params["endip"] = nil
            let pod = try await api.ok("createPod", params).object("pod")
            #expect(pod["endip"] as? [String] == ["198.18.1.254"])
        }
    }

    @Test func badPodAddressingIsRefusedAndChangesNothing() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let base = Self.podParams.merging(["zoneid": zone]) { $1 }
            let refusals: [([String: String], String)] = [
                (["startip": "198.18.2.10", "endip": "198.18.2.20"], "not inside the pod's subnet"),
                (["endip": "198.18.2.5"], "not inside the pod's subnet"),
                (["startip": "198.18.1.100", "endip": "198.18.1.10"], "greater than its end IP"),
                (["startip": "198.18.1.1", "endip": "198.18.1.20"], "gateway"),
                (["startip": "198.18.1.0", "endip": "198.18.1.20"], "network or broadcast"),
                (["netmask": "255.0.255.0"], "valid netmask"),
                (["gateway": "198.18.1.300"], "valid IPv4 address"),
                (["startip": "not-an-ip"], "valid IPv4 address"),
            ]
            for (change, text) in refusals {
                let reply = try await api.call("createPod", base.merging(change) { $1 })
                #expect(reply.status == 431, "\(change)")
                #expect(reply.errorText.contains(text), "\(change): \(reply.errorText)")
            }
            #expect(try await Self.count(api, "listPods") == 0)
            #expect(try await api.cloud.db.read.count(Tables.event, [.equals(.type, "POD.CREATE")]) == 0)
        }
    }

    @Test func podRangesMayNotOverlap() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let first = try await api.ok("createPod", Self.podParams.merging(["zoneid": zone]) { $1 }).object("pod")

            let overlapping = ["zoneid": zone, "name": "Pod2", "gateway": "198.18.1.1", "netmask": "255.255.255.0", "startip": "198.18.1.90", "endip": "198.18.1.120"]
            let reply = try await api.call("createPod", overlapping)
            #expect(reply.status == 431)
            #expect(reply.errorText.contains("overlaps with the management IP range 198.18.1.10-198.18.1.100 of pod Pod1"))
            #expect(try await Self.count(api, "listPods") == 1)

            // The same addresses are fine in another zone, and a disjoint range in the same zone.
            let otherZone = try await Self.makeZone(api, name: "Zone2")
            try await api.ok("createPod", overlapping.merging(["zoneid": otherZone]) { $1 })
            let second = try await api.ok("createPod", overlapping.merging(["startip": "198.18.1.101", "endip": "198.18.1.120"]) { $1 }).object("pod")

            // Growing a range into its neighbour is refused too, and leaves the pod as it was.
            let grow = try await api.call("updatePod", ["id": first["id"] as! String, "endip": "198.18.1.110"])
            #expect(grow.status == 431)
            #expect(grow.errorText.contains("pod Pod2"))
            let unchanged = try await api.ok("listPods", ["id": first["id"] as! String]).list("pod").first
            #expect(unchanged?["endip"] as? [String] == ["198.18.1.100"])

            let duplicate = try await api.call("createPod", overlapping.merging(["startip": "198.18.1.200", "endip": "198.18.1.210"]) { $1 })
            #expect(duplicate.status == 431, "pod names are unique in a zone")
            #expect(second["name"] as? String == "Pod2")
        }
    }

    @Test func podRangesMayNotOverlapGuestRanges() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let guest = VlanIpRange(id: ResourceID.make(), zoneId: zone, vlan: "vlan://100", gateway: "198.18.1.1", netmask: "255.255.255.0",
                                    startIp: "198.18.1.50", endIp: "198.18.1.60")
            try await api.cloud.db.transaction { try await $0.insert(guest, into: Tables.vlanIpRange) }
            let reply = try await api.call("createPod", Self.podParams.merging(["zoneid": zone]) { $1 })
            #expect(reply.status == 431)
            #expect(reply.errorText.contains("overlaps with the guest IP range 198.18.1.50-198.18.1.60"))
            #expect(try await Self.count(api, "listPods") == 0)
            try await api.ok("createPod", Self.podParams.merging(["zoneid": zone, "startip": "198.18.1.61", "endip": "198.18.1.100"]) { $1 })
        }
    }

    @Test func unknownZoneIsRefused() async throws {
        try await withTestAPI { api in
            let reply = try await api.call("createPod", Self.podParams.merging(["zoneid": UUID().uuidString.lowercased()]) { $1 })
            #expect(reply.status == 431)
            #expect(try await Self.count(api, "listPods") == 0)
        }
    }

    @Test func aPodWithClustersCannotBeDeleted() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let reply = try await api.call("deletePod", ["id": inventory.pod])
            #expect(reply.status == 431)
            #expect(reply.errorText.contains("clusters"))
            #expect(try await Self.count(api, "listPods") == 1)
            try await api.ok("deleteCluster", ["id": inventory.cluster])
            try await api.ok("deletePod", ["id": inventory.pod])
        }
    }

    // MARK: Clusters

    @Test func clusterRoundTrip() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let listed = try await api.ok("listClusters", ["podid": inventory.pod])
            #expect(listed["count"] as? Int == 1)
            let cluster = try #require(listed.list("cluster").first)
            #expect(cluster["name"] as? String == "Cluster1")
            #expect(cluster["hypervisortype"] as? String == "KVM")
            #expect(cluster["clustertype"] as? String == "CloudManaged")
            #expect(cluster["podname"] as? String == "Pod1")
            #expect(cluster["zonename"] as? String == "Zone1")
            #expect(cluster["allocationstate"] as? String == "Enabled")
            #expect(cluster["managedstate"] as? String == "Managed")
            #expect(try await Self.count(api, "listClusters", ["hypervisor": "kvm", "clustertype": "CloudManaged"]) == 1)
            #expect(try await Self.count(api, "listClusters", ["allocationstate": "Disabled"]) == 0)
            let host = try await Self.insertHost(api, inventory)
            let withCapacity = try await api.ok("listClusters", ["showcapacities": "true"]).list("cluster")
            let capacity = withCapacity.first?["capacity"] as? [[String: Any]] ?? []
            #expect(capacity.first { $0["name"] as? String == "CPU" }?["capacitytotal"] as? Int == 8000)
            #expect(capacity.first?["clustername"] as? String == "Cluster1")
            try await api.ok("deleteHost", ["id": host, "forced": "true"])

            let added = try await api.ok("addCluster", ["zoneid": inventory.zone, "podid": inventory.pod, "clustername": "Cluster2", "clustertype": "CloudManaged", "hypervisor": "KVM", "allocationstate": "Disabled"])
            #expect(added.root == "addclusterresponse")
            #expect(added["count"] as? Int == 1)
            #expect(added.list("cluster").first?["allocationstate"] as? String == "Disabled")

            let updated = try await api.ok("updateCluster", ["id": inventory.cluster, "clustername": "Renamed", "allocationstate": "Disabled"]).object("cluster")
            #expect(updated["name"] as? String == "Renamed")
            #expect(updated["allocationstate"] as? String == "Disabled")
            #expect(try await api.call("updateCluster", ["id": inventory.cluster, "clustername": "Cluster2"]).status == 431)

            #expect(try await api.ok("deleteCluster", ["id": inventory.cluster])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listClusters") == 1)
        }
    }

    @Test func badClustersAreRefusedAndChangeNothing() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let base = ["zoneid": inventory.zone, "podid": inventory.pod, "clustername": "Cluster2", "clustertype": "CloudManaged", "hypervisor": "KVM"]
            for change in [["hypervisor": "XenServer"], ["clustertype": "ExternalManaged"], ["clustertype": "Fancy"], ["clustername": "Cluster1"]] {
                let reply = try await api.call("addCluster", base.merging(change) { $1 })
                #expect(reply.status == 431, "\(change): \(reply.raw)")
            }
            let otherZone = try await Self.makeZone(api, name: "Zone2")
            let wrongZone = try await api.call("addCluster", base.merging(["zoneid": otherZone]) { $1 })
            #expect(wrongZone.status == 431)
            #expect(wrongZone.errorText.contains("does not belong to zone"))
            #expect(try await Self.count(api, "listClusters") == 1)
        }
    }

    @Test func aClusterWithHostsOrPoolsCannotBeDeleted() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let host = try await Self.insertHost(api, inventory)
            let withHost = try await api.call("deleteCluster", ["id": inventory.cluster])
            #expect(withHost.status == 431)
            #expect(withHost.errorText.contains("hosts"))
            try await api.ok("deleteHost", ["id": host, "forced": "true"])

            let pool = try await api.ok("createStoragePool", ["zoneid": inventory.zone, "podid": inventory.pod, "clusterid": inventory.cluster, "name": "Primary1", "url": "nfs://127.0.0.1/export/primary"]).object("storagepool")
            let withPool = try await api.call("deleteCluster", ["id": inventory.cluster])
            #expect(withPool.status == 431)
            #expect(withPool.errorText.contains("primary storage"))
            #expect(try await Self.count(api, "listClusters") == 1)
            try await api.ok("deleteStoragePool", ["id": pool["id"] as! String])
            try await api.ok("deleteCluster", ["id": inventory.cluster])
        }
    }

    // MARK: Primary storage

    @Test func storagePoolRoundTrip() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let pool = try await api.ok("createStoragePool", [
                "zoneid": inventory.zone, "podid": inventory.pod, "clusterid": inventory.cluster,
                "name": "Primary1", "url": "nfs://127.0.0.1/export/primary", "tags": "fast",
            ]).object("storagepool")
            #expect(pool["type"] as? String == "NetworkFilesystem")
            #expect(pool["ipaddress"] as? String == "127.0.0.1")
            #expect(pool["path"] as? String == "/export/primary")
            #expect(pool["scope"] as? String == "CLUSTER")
            #expect(pool["state"] as? String == "Initialized", "a pool is only Up once a host has attached it")
            #expect(pool["clustername"] as? String == "Cluster1")
            #expect(pool["hypervisor"] as? String == "KVM")
            #expect(pool["tags"] as? String == "fast")
            let id = try #require(pool["id"] as? String)

            let zoneWide = try await api.ok("createStoragePool", [
                "zoneid": inventory.zone, "scope": "zone", "hypervisor": "KVM", "name": "Shared1", "url": "SharedMountPoint:///mnt/shared",
            ]).object("storagepool")
            #expect(zoneWide["type"] as? String == "SharedMountPoint")
            #expect(zoneWide["path"] as? String == "/mnt/shared")
            #expect(zoneWide["scope"] as? String == "ZONE")
            #expect(zoneWide["clusterid"] == nil)
            let local = try await api.ok("createStoragePool", [
                "zoneid": inventory.zone, "podid": inventory.pod, "clusterid": inventory.cluster, "name": "Local1", "url": "file:///var/lib/cumulo/pool",
            ]).object("storagepool")
            #expect(local["type"] as? String == "Filesystem")

            let listed = try await api.ok("listStoragePools", ["zoneid": inventory.zone])
            #expect(listed["count"] as? Int == 3)
            #expect(try await Self.count(api, "listStoragePools", ["scope": "zone"]) == 1)
            #expect(try await Self.count(api, "listStoragePools", ["clusterid": inventory.cluster]) == 2)
            #expect(try await Self.count(api, "listStoragePools", ["ipaddress": "127.0.0.1", "path": "/export/primary"]) == 1)
            #expect(try await Self.count(api, "listStoragePools", ["status": "Up"]) == 0)

            let updated = try await api.ok("updateStoragePool", ["id": id, "name": "Primary1b", "tags": "slow"]).object("storagepool")
            #expect(updated["name"] as? String == "Primary1b")
            #expect(updated["tags"] as? String == "slow")
            let disabled = try await api.ok("updateStoragePool", ["id": id, "enabled": "false"]).object("storagepool")
            #expect(disabled["state"] as? String == "Disabled")
            let enabled = try await api.ok("updateStoragePool", ["id": id, "enabled": "true"]).object("storagepool")
            #expect(enabled["state"] as? String == "Initialized", "an enabled pool is Up again only once a host attaches it")
            #expect(try await api.call("updateStoragePool", ["id": id, "capacityiops": "1000"]).status == 431, "unsupported settings are refused, not dropped")

            #expect(try await api.ok("deleteStoragePool", ["id": id])["success"] as? Bool == true)
            try await api.ok("deleteStoragePool", ["id": zoneWide["id"] as! String, "forced": "true"])
            #expect(try await Self.count(api, "listStoragePools") == 1)
            #expect(try await api.call("deleteStoragePool", ["id": id]).status == 431)
        }
    }

    @Test func badStoragePoolsAreRefusedAndChangeNothing() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let base = ["zoneid": inventory.zone, "podid": inventory.pod, "clusterid": inventory.cluster, "name": "Primary1", "url": "nfs://127.0.0.1/export/primary"]
            try await api.ok("createStoragePool", base)
            let refusals: [([String: String?], String)] = [
                (["name": "Other", "url": "rbd://pool/volume"], "Unsupported storage URL"),
                (["name": "Other", "url": "nfs:///export/other"], "NFS server"),
                (["name": "Other", "url": "nfs://127.0.0.1"], "absolute path"),
                (["name": "Other", "url": "/export/other"], "Unsupported storage URL"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "clusterid": nil], "clusterid and podid are required"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "podid": nil], "clusterid and podid are required"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "scope": "zone"], "hypervisor"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "scope": "zone", "hypervisor": "VMware"], "KVM"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "scope": "region"], "Invalid scope"),
                (["name": "Other", "url": "nfs://127.0.0.1/export/other", "provider": "SolidFire"], "not supported"),
                (["url": "nfs://127.0.0.1/export/other"], "already exists"),
                (["name": "Other"], "already exists"),
            ]
            for (change, text) in refusals {
                var params = base
                for (key, value) in change { params[key] = value }
                let reply = try await api.call("createStoragePool", params)
                #expect(reply.status == 431, "\(change)")
                #expect(reply.errorText.contains(text), "\(change): \(reply.errorText)")
            }
            let details = try await api.call("createStoragePool", base.merging(["name": "Other", "url": "nfs://127.0.0.1/export/other", "details[0].nfsmountopts": "vers=4.1"]) { $1 })
            #expect(details.status == 431)
            #expect(try await Self.count(api, "listStoragePools") == 1)
        }
    }

    // MARK: Image stores

    @Test func imageStoreRoundTrip() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let store = try await api.ok("addImageStore", [
                "zoneid": zone, "provider": "NFS", "name": "Secondary1", "url": Self.secondaryExport,
                "details[0].key": "mountopts", "details[0].value": "vers=4.1",
            ]).object("imagestore")
            #expect(store["name"] as? String == "Secondary1")
            #expect(store["providername"] as? String == "NFS")
            #expect(store["protocol"] as? String == "nfs")
            #expect(store["url"] as? String == Self.secondaryExport)
            #expect(store["zonename"] as? String == "Zone1")
            #expect(store["readonly"] as? Bool == false)
            let id = try #require(store["id"] as? String)
            let stored = try #require(try await api.cloud.db.read.find(Tables.imageStore, id: id))
            #expect(stored.details == #"{"mountopts":"vers=4.1"}"#)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-images-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let local = try await api.ok("addImageStore", ["zoneid": zone, "provider": "Local", "url": "file://" + directory]).object("imagestore")
            #expect(local["providername"] as? String == "Local")
            #expect(local["protocol"] as? String == "file")
            #expect(local["name"] as? String == "file://" + directory, "an unnamed store is named after its URL")

            let listed = try await api.ok("listImageStores", ["zoneid": zone])
            #expect(listed["count"] as? Int == 2)
            #expect(try await Self.count(api, "listImageStores", ["provider": "nfs"]) == 1)
            #expect(try await Self.count(api, "listImageStores", ["protocol": "file"]) == 1)
            #expect(try await Self.count(api, "listImageStores", ["name": "Secondary1"]) == 1)

            #expect(try await api.ok("deleteImageStore", ["id": id])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listImageStores") == 1)
            #expect(try await api.call("deleteImageStore", ["id": id]).status == 431)
        }
    }

    @Test func badImageStoresAreRefusedAndChangeNothing() async throws {
        try await withTestAPI { api in
            let zone = try await Self.makeZone(api)
            let base = ["zoneid": zone, "provider": "NFS", "name": "Secondary1", "url": Self.secondaryExport]
            try await api.ok("addImageStore", base)
            let refusals: [([String: String?], String)] = [
                (["provider": "S3"], "not supported"),
                (["zoneid": nil, "url": "nfs://127.0.0.1/export/other"], "zoneid is required"),
                (["url": nil], "url is required"),
                (["url": "http://127.0.0.1/export/other"], "nfs://server/export"),
                (["url": "nfs:///export/other"], "nfs://server/export"),
                (["url": "file:///var/images"], "nfs://server/export"),
                (["provider": "Local", "url": "nfs://127.0.0.1/export/other"], "file:///path"),
                (["url": Self.secondaryExport], "already exists"),
                (["url": "nfs://127.0.0.1/cumulo-test/no/such/export"], "not reachable and writable"),
            ]
            for (change, text) in refusals {
                var params = base
                for (key, value) in change { params[key] = value }
                let reply = try await api.call("addImageStore", params)
                #expect(reply.status == 431, "\(change)")
                #expect(reply.errorText.contains(text), "\(change): \(reply.errorText)")
            }
            let badDetails = try await api.call("addImageStore", base.merging(["url": "nfs://127.0.0.1/export/x", "details[0].value": "orphan"]) { $1 })
            #expect(badDetails.status == 431)
            #expect(try await Self.count(api, "listImageStores") == 1)
        }
    }

    // MARK: Hosts

    @Test func hostListingsShowTheRowsNumbers() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let id = try await Self.insertHost(api, inventory)
            let listed = try await api.ok("listHosts", ["zoneid": inventory.zone])
            #expect(listed["count"] as? Int == 1)
            let host = try #require(listed.list("host").first)
            #expect(host["id"] as? String == id)
            #expect(host["state"] as? String == "Up")
            #expect(host["resourcestate"] as? String == "Enabled")
            #expect(host["type"] as? String == "Routing")
            #expect(host["clustername"] as? String == "Cluster1")
            #expect(host["clustertype"] as? String == "CloudManaged")
            #expect(host["podname"] as? String == "Pod1")
            #expect(host["cpunumber"] as? Int == 4)
            #expect(host["cpuspeed"] as? Int == 2000)
            #expect(host["cpuallocated"] as? String == "0.00%")
            #expect(host["cpuallocatedvalue"] as? Int == 0)
            #expect(host["cpuwithoverprovisioning"] as? String == "8000")
            #expect(host["memorytotal"] as? Int == 8 * 1024 * 1024 * 1024)
            #expect(host["memoryallocated"] as? Int == 0)
            #expect(host["memoryallocatedpercentage"] as? String == "0.00%")
            #expect((host["hostha"] as? [String: Any])?["hastate"] as? String == "Disabled")

            for filter in [["state": "up"], ["resourcestate": "Enabled"], ["type": "Routing"], ["clusterid": inventory.cluster], ["name": "kvm1"], ["hypervisor": "KVM"]] {
                #expect(try await Self.count(api, "listHosts", filter) == 1, "\(filter)")
            }
            #expect(try await Self.count(api, "listHosts", ["state": "Disconnected"]) == 0)

            let metrics = try await api.ok("listHostsMetrics", ["id": id])
            #expect(metrics.root == "listhostsmetricsresponse")
            let m = try #require(metrics.list("host").first)
            #expect(m["cputotalghz"] as? String == "8.00 Ghz")
            #expect(m["memorytotalgb"] as? String == "8.00 GB")
            #expect(m["cpuallocatedghz"] as? String == "0.00 Ghz")
        }
    }

    @Test func updateHostMovesTheResourceState() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let id = try await Self.insertHost(api, inventory)
            let disabled = try await api.ok("updateHost", ["id": id, "allocationstate": "Disable"]).object("host")
            #expect(disabled["resourcestate"] as? String == "Disabled")
            let enabled = try await api.ok("updateHost", ["id": id, "allocationstate": "Enable", "name": "kvm1b"]).object("host")
            #expect(enabled["resourcestate"] as? String == "Enabled")
            #expect(enabled["name"] as? String == "kvm1b")
            let row = try #require(try await api.cloud.db.read.find(Tables.host, id: id))
            #expect(row.rowVersion == 3, "every change bumps the row version")

            let bad = try await api.call("updateHost", ["id": id, "allocationstate": "Maintenance"])
            #expect(bad.status == 431)
            #expect(try await api.cloud.db.read.find(Tables.host, id: id)?.rowVersion == 3)
            #expect(try await api.call("updateHost", ["id": UUID().uuidString.lowercased(), "allocationstate": "Enable"]).status == 431)
            let tags = try await api.call("updateHost", ["id": id, "hosttags": "ssd"])
            #expect(tags.status == 431)
            #expect(tags.errorText.contains("hosttags"))
        }
    }

    @Test func maintenanceRoundTrip() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let id = try await Self.insertHost(api, inventory)

            let refused = try await api.call("deleteHost", ["id": id])
            #expect(refused.status == 431)
            #expect(refused.errorText.contains("not in maintenance mode"))

            let prepared = try await api.job("prepareHostForMaintenance", ["id": id])
            #expect(prepared["jobstatus"] as? Int == 1)
            #expect(prepared["jobinstancetype"] as? String == "Host")
            let inMaintenance = try #require((prepared["jobresult"] as? [String: Any])?["host"] as? [String: Any])
            #expect(inMaintenance["resourcestate"] as? String == "Maintenance")

            let again = try await api.job("prepareHostForMaintenance", ["id": id])
            #expect(again["jobstatus"] as? Int == 2)
            #expect(again["jobresultcode"] as? Int == 431)
            #expect(try await api.call("updateHost", ["id": id, "allocationstate": "Enable"]).status == 431, "maintenance is left by cancelHostMaintenance")

            let cancelled = try await api.job("cancelHostMaintenance", ["id": id])
            #expect(cancelled["jobstatus"] as? Int == 1)
            let back = try #require((cancelled["jobresult"] as? [String: Any])?["host"] as? [String: Any])
            #expect(back["resourcestate"] as? String == "Enabled")
            let notInMaintenance = try await api.job("cancelHostMaintenance", ["id": id])
            #expect(notInMaintenance["jobstatus"] as? Int == 2)

            _ = try await api.job("prepareHostForMaintenance", ["id": id])
            #expect(try await api.ok("deleteHost", ["id": id])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listHosts") == 0)
            #expect(try await api.call("deleteHost", ["id": id]).status == 431)
            #expect(try await api.cloud.db.read.find(Tables.host, id: id)?.status == .removed)
            let events = try await api.cloud.db.read.all(Tables.event, [.equals(.resourceId, id), .equals(.type, "MAINT.PREPARE")])
            #expect(events.count == 4)
        }
    }

    @Test func disconnectedHostsMayBeDeletedAndForcedDeletesAlways() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let down = try await Self.insertHost(api, inventory, name: "down", address: "198.18.1.21", status: .disconnected)
            try await api.ok("deleteHost", ["id": down])
            let up = try await Self.insertHost(api, inventory, name: "up", address: "198.18.1.22")
            try await api.ok("deleteHost", ["id": up, "forced": "true"])
            #expect(try await Self.count(api, "listHosts") == 0)
        }
    }

    @Test func reconnectAndAddHostNeedAnAgent() async throws {
        try await withTestAPI { api in
            let inventory = try await Self.makeInventory(api)
            let id = try await Self.insertHost(api, inventory)
            let reconnect = try await api.job("reconnectHost", ["id": id])
            #expect(reconnect["jobstatus"] as? Int == 2)
            #expect(reconnect["jobresultcode"] as? Int == 534)
            #expect(((reconnect["jobresult"] as? [String: Any])?["errortext"] as? String)?.contains("cumulo-agent") == true)

            try await api.ok("updateConfiguration", ["name": "agent.connect.wait", "value": "0"])
            let base = ["zoneid": inventory.zone, "podid": inventory.pod, "clusterid": inventory.cluster, "hypervisor": "KVM", "url": "http://198.18.1.30",
                        "username": "root", "password": "secret"]
            let add = try await api.call("addHost", base)
            #expect(add.status == 534)
            #expect(add.errorText.contains("No cumulo-agent has connected from host 198.18.1.30"))
            #expect(add.errorText.contains("cumulo-server agent-secret"))
            for change in [["hypervisor": "XenServer"], ["url": "ftp://198.18.1.30"], ["url": "http://"], ["url": "http://198.18.1.20"]] {
                #expect(try await api.call("addHost", base.merging(change) { $1 }).status == 431, "\(change)")
            }
            var noCluster = base
            noCluster["clusterid"] = nil
            #expect(try await api.call("addHost", noCluster).status == 431)
            #expect(try await Self.count(api, "listHosts") == 1)
            #expect(try await api.cloud.db.read.count(Tables.host, []) == 1)
        }
    }

    @Test func anInterruptedMaintenanceLeavesTheHostInErrorInPrepareForMaintenance() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let db = try await Database.inMemory(logger: logger)
        do {
            let config = ServerConfiguration(dataDirectory: "/nonexistent")
            let first = try await startCloud(db: db, config: config, logger: logger)
            let admin = try #require(try await db.read.first(Tables.account, [.equals(.name, "admin")]))
            let zone = Zone(id: ResourceID.make(), name: "Zone1", networkType: .advanced, dns1: "198.18.0.53", internalDns1: "198.18.0.54")
            let host = HypervisorHost(id: ResourceID.make(), name: "kvm1", zoneId: zone.id, ipAddress: "198.18.1.20", status: .up,
                            resourceState: .prepareForMaintenance, rowVersion: 5)
            let job = AsyncJob(id: ResourceID.make(), accountId: admin.id, userId: "", command: "prepareHostForMaintenance", parameters: "{}",
                               instanceType: "Host", instanceId: host.id, managementServerId: first.managementServerId)
            try await db.transaction { store in
                try await store.insert(zone, into: Tables.zone)
                try await store.insert(host, into: Tables.host)
                try await store.insert(job, into: Tables.asyncJob)
            }

            _ = try await startCloud(db: db, config: config, logger: logger)
            let after = try #require(try await db.read.find(Tables.host, id: host.id))
            #expect(after.resourceState == .errorInPrepareForMaintenance)
            #expect(after.rowVersion == 6)
            #expect(try await db.read.find(Tables.asyncJob, id: job.id)?.status == .failed)
            #expect(try await db.read.count(Tables.event, [.equals(.resourceId, host.id), .equals(.level, .error)]) >= 1)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }
}
