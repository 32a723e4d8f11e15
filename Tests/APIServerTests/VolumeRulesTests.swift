import DomainModel
import Foundation
@testable import Orchestration
import Testing

/// The decisions of the volume workflows that need no database: names, sizes, device ids, VM states and pools.
@Suite("Volume rules")
struct VolumeRulesTests {
    static let gib = CapacityUnits.gibibyte

    static func offering(_ name: String, gb: Int64, custom: Bool = false) -> DiskOffering {
        DiskOffering(id: "off-\(name)", name: name, displayText: name, diskSize: custom ? 0 : gb, isCustomized: custom)
    }

    static func volume(_ type: VolumeType = .dataDisk, gb: Int64, withFile: Bool = false, offering: DiskOffering? = nil) -> Volume {
        Volume(id: "v", name: "DATA-1", accountId: "a", domainId: "d", zoneId: "z", poolId: withFile ? "p" : nil, type: type,
               sizeBytes: gb * gib, diskOfferingId: offering?.id, path: withFile ? "v" : nil, state: withFile ? .ready : .allocated)
    }

    static func pool(_ id: String, scope: String, cluster: String? = nil, zone: String = "z") -> StoragePool {
        StoragePool(id: id, name: id, zoneId: zone, clusterId: cluster, scope: scope, poolType: "NetworkFilesystem", host: "h", path: "/", url: "nfs://h/")
    }

    static func vm(_ state: VirtualMachineState) -> VirtualMachine {
        VirtualMachine(id: "vm", name: "web", displayName: "web", instanceName: "i-2-1-VM", accountId: "a", domainId: "d", zoneId: "z",
                       templateId: "t", serviceOfferingId: "o", cpuNumber: 1, cpuSpeed: 500, memory: 512, state: state, guestOsId: "")
    }

    func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func namesDefaultToTheStartOfTheId() throws {
        #expect(try VolumeRules.name(nil, volumeId: "0123456789abcdef") == "DATA-01234567")
        #expect(try VolumeRules.name("  ", volumeId: "0123456789abcdef") == "DATA-01234567")
        #expect(try VolumeRules.name(" data disk ", volumeId: "x") == "data disk")
        #expect(refusal { _ = try VolumeRules.name(String(repeating: "n", count: 256), volumeId: "x") }?.contains("at most 255") == true)
    }

    @Test func fixedOfferingsGiveTheirSizeAndCustomOnesNeedOne() throws {
        let fixed = Self.offering("Medium", gb: 20)
        let custom = Self.offering("Custom", gb: 0, custom: true)
        #expect(try VolumeRules.sizeBytes(of: fixed, sizeGB: nil) == 20 * Self.gib)
        #expect(try VolumeRules.sizeBytes(of: fixed, sizeGB: 20) == 20 * Self.gib)
        #expect(refusal { _ = try VolumeRules.sizeBytes(of: fixed, sizeGB: 30) }?.contains("fixed size of 20 GB") == true)
        #expect(try VolumeRules.sizeBytes(of: custom, sizeGB: 7) == 7 * Self.gib)
        #expect(refusal { _ = try VolumeRules.sizeBytes(of: custom, sizeGB: nil) }?.contains("give size in GB") == true)
        #expect(refusal { _ = try VolumeRules.sizeBytes(of: custom, sizeGB: 0) }?.contains("between 1 and") == true)
        #expect(refusal { _ = try VolumeRules.sizeBytes(of: custom, sizeGB: OfferingLimits.diskSize.upperBound + 1) } != nil)
    }

    @Test func resizingTakesTheNewOfferingOrACustomSize() throws {
        let custom = Self.offering("Custom", gb: 0, custom: true)
        let small = Self.offering("Small", gb: 5)
        let large = Self.offering("Large", gb: 50)
        let onCustom = Self.volume(gb: 10, offering: custom)
        #expect(try VolumeRules.resizedBytes(of: onCustom, currentOffering: custom, newOffering: nil, sizeGB: 15, shrinkOK: false) == 15 * Self.gib)
        #expect(try VolumeRules.resizedBytes(of: onCustom, currentOffering: custom, newOffering: large, sizeGB: nil, shrinkOK: false) == 50 * Self.gib)
        let onSmall = Self.volume(gb: 5, offering: small)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: onSmall, currentOffering: small, newOffering: nil, sizeGB: 8, shrinkOK: false) }?
            .contains("give a new disk offering") == true)
        #expect(try VolumeRules.resizedBytes(of: onSmall, currentOffering: small, newOffering: custom, sizeGB: 8, shrinkOK: false) == 8 * Self.gib)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: onSmall, currentOffering: small, newOffering: nil, sizeGB: nil, shrinkOK: false) } != nil)
    }

    @Test func shrinkingNeedsConsentAndNoFile() throws {
        let custom = Self.offering("Custom", gb: 0, custom: true)
        let allocated = Self.volume(gb: 10, offering: custom)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: allocated, currentOffering: custom, newOffering: nil, sizeGB: 4, shrinkOK: false) }?
            .contains("shrinkok=true") == true)
        #expect(try VolumeRules.resizedBytes(of: allocated, currentOffering: custom, newOffering: nil, sizeGB: 4, shrinkOK: true) == 4 * Self.gib)
        let withFile = Self.volume(gb: 10, withFile: true, offering: custom)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: withFile, currentOffering: custom, newOffering: nil, sizeGB: 4, shrinkOK: true) }?
            .contains("can only grow") == true)
        #expect(try VolumeRules.resizedBytes(of: withFile, currentOffering: custom, newOffering: nil, sizeGB: 12, shrinkOK: false) == 12 * Self.gib)
    }

    @Test func rootVolumesTakeASizeAndNeverShrink() throws {
        let root = Self.volume(.root, gb: 10)
        #expect(try VolumeRules.resizedBytes(of: root, currentOffering: nil, newOffering: nil, sizeGB: 20, shrinkOK: false) == 20 * Self.gib)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: root, currentOffering: nil, newOffering: nil, sizeGB: 5, shrinkOK: true) }?
            .contains("cannot be shrunk") == true)
        #expect(refusal { _ = try VolumeRules.resizedBytes(of: root, currentOffering: nil, newOffering: Self.offering("L", gb: 50), sizeGB: nil, shrinkOK: false) }?
            .contains("ROOT volume") == true)
    }

    @Test func deviceIdsSkipRootAndTheCDROM() throws {
        #expect(try VolumeRules.deviceId(requested: nil, used: [0], volumeName: "d", vmName: "web") == 1)
        #expect(try VolumeRules.deviceId(requested: nil, used: [0, 1, 2], volumeName: "d", vmName: "web") == 4)
        #expect(try VolumeRules.deviceId(requested: 5, used: [0, 1], volumeName: "d", vmName: "web") == 5)
        for taken in [0, Volume.cdromDeviceId, 1, 16, -1] {
            #expect(refusal { _ = try VolumeRules.deviceId(requested: taken, used: [0, 1], volumeName: "d", vmName: "web") } != nil, "device id \(taken)")
        }
        let full = Array(0...VolumeRules.maxDataDeviceId).filter { $0 != Volume.cdromDeviceId }
        #expect(refusal { _ = try VolumeRules.deviceId(requested: nil, used: full, volumeName: "d", vmName: "web") }?.contains("no free device id") == true)
    }

    @Test func vmStatesThatAllowEachOperation() {
        for state in VirtualMachineState.allCases {
            let vm = Self.vm(state)
            #expect((refusal { try VolumeRules.checkAttach(to: vm, volumeName: "d") } == nil) == [.running, .stopped].contains(state), "attach, \(state)")
            #expect((refusal { try VolumeRules.checkDetach(from: vm, volumeName: "d") } == nil) == [.running, .stopped, .destroyed, .error].contains(state),
                    "detach, \(state)")
            #expect((refusal { try VolumeRules.checkResize(attachedTo: vm, volumeName: "d") } == nil) == [.stopped, .destroyed, .error].contains(state),
                    "resize, \(state)")
        }
        #expect(refusal { try VolumeRules.checkResize(attachedTo: Self.vm(.running), volumeName: "d") }?.contains("stop the VM or detach") == true)
    }

    @Test func poolsTheVMsHostsReach() {
        let clusterA = Self.pool("a", scope: "CLUSTER", cluster: "c1")
        let clusterA2 = Self.pool("a2", scope: "CLUSTER", cluster: "c1")
        let clusterB = Self.pool("b", scope: "CLUSTER", cluster: "c2")
        let zoneWide = Self.pool("z", scope: "ZONE")
        let otherZone = Self.pool("o", scope: "ZONE", zone: "z2")
        #expect(VolumeRules.reaches(clusterB, anchor: nil))
        #expect(VolumeRules.reaches(clusterA, anchor: clusterA))
        #expect(VolumeRules.reaches(clusterA2, anchor: clusterA))
        #expect(!VolumeRules.reaches(clusterB, anchor: clusterA))
        #expect(VolumeRules.reaches(zoneWide, anchor: clusterA))
        #expect(!VolumeRules.reaches(clusterA, anchor: zoneWide))
        #expect(!VolumeRules.reaches(otherZone, anchor: clusterA))
    }

    @Test func offeringsLimitedToZones() {
        let zone = Zone(id: "z1", name: "Z1", networkType: .advanced, dns1: "198.18.0.53", internalDns1: "198.18.0.53")
        var offering = Self.offering("Medium", gb: 20)
        #expect(refusal { try VolumeRules.checkZone(of: offering, zone: zone) } == nil)
        offering.zoneIds = "z0, z1"
        #expect(refusal { try VolumeRules.checkZone(of: offering, zone: zone) } == nil)
        offering.zoneIds = "z2"
        #expect(refusal { try VolumeRules.checkZone(of: offering, zone: zone) }?.contains("not offered in zone Z1") == true)
    }
}
