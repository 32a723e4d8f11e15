@testable import APIServer
import DomainModel
import Persistence
import Testing

@Suite("Capacity allocated on hosts, as listHosts reports it")
struct HostAllocationAPITests {
    @Test func listHostsReportsWhatPlacementsPromised() async throws {
        try await withTestAPI { api in
            let inventory = try await InfrastructureAPITests.makeInventory(api)
            let id = try await InfrastructureAPITests.insertHost(api, inventory)
            // 4 cores × 2000 MHz and 8 GiB; 1000 MHz and 1 GiB promised.
            let promised = CapacityAllocation(id: id, cpuMHz: 1000, memoryBytes: 1 << 30)
            try await api.cloud.db.transaction { try await $0.insert(promised, into: Tables.capacityAllocation) }

            let host = try #require(try await api.ok("listHosts", ["id": id]).list("host").first)
            #expect(host["cpuallocated"] as? String == "12.5%")
            #expect(host["cpuallocatedpercentage"] as? String == "12.5%")
            #expect(host["cpuallocatedwithoverprovisioning"] as? String == "12.5%")
            #expect(host["cpuallocatedvalue"] as? Int == 1000)
            #expect(host["memoryallocated"] as? Int == 1 << 30)
            #expect(host["memoryallocatedbytes"] as? Int == 1 << 30)
            #expect(host["memoryallocatedpercentage"] as? String == "12.5%")

            // The share is of the overprovisioned capacity.
            try await api.ok("updateConfiguration", ["name": "cpu.overprovisioning.factor", "value": "2"])
            let overprovisioned = try #require(try await api.ok("listHosts", ["id": id]).list("host").first)
            #expect(overprovisioned["cpuallocated"] as? String == "6.25%")
            #expect(overprovisioned["cpuwithoverprovisioning"] as? String == "16000")
            #expect(overprovisioned["cpuallocatedvalue"] as? Int == 1000)

            let metrics = try #require(try await api.ok("listHostsMetrics", ["id": id]).list("host").first)
            #expect(metrics["cpuallocatedghz"] as? String == "1.00 Ghz")
            #expect(metrics["memoryallocatedgb"] as? String == "1.00 GB")

            // A host without a row has nothing allocated.
            let other = try await InfrastructureAPITests.insertHost(api, inventory, name: "kvm2", address: "198.18.1.21")
            let empty = try #require(try await api.ok("listHosts", ["id": other]).list("host").first)
            #expect(empty["cpuallocated"] as? String == "0.00%")
            #expect(empty["memoryallocated"] as? Int == 0)
        }
    }

    @Test func percentagesArePrintedAsCloudStackPrintsThem() {
        let cases: [(Int64, Int64, String)] = [
            (0, 8000, "0.00%"), (1000, 8000, "12.5%"), (1, 3, "33.33%"), (2, 3, "66.67%"), (8000, 8000, "100%"),
            (1, 10_000, "0.01%"), (5, 1_000_000, "0%"), (3, 40, "7.5%"), (9000, 8000, "112.5%"), (100, 0, "0.00%"),
        ]
        for (allocated, total, text) in cases {
            #expect(HypervisorHost.percent(allocated, of: total) == text, "\(allocated) of \(total)")
        }
    }
}
