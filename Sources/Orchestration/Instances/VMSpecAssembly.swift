import AgentProtocol
import DomainModel
import Foundation
import Persistence

/// Builds what a host needs to start a VM from the VM's records: disks (ROOT, DATA, CD-ROM), NICs,
/// boot order and the config drive with its address, host name, keys and user data.
struct VMSpecAssembly: Sendable {
    let db: Database
    let imageLocations: ImageLocations
    let sshKeyPairs: SSHKeyPairService

    func vmSpec(_ vm: VirtualMachine, volumes: [Volume], nics: [Nic]) async throws -> VMSpec {
        var disks: [DiskSpec] = []
        for volume in volumes.sorted(by: { ($0.deviceId ?? 0) < ($1.deviceId ?? 0) }) {
            guard let poolId = volume.poolId, let path = volume.path else {
                throw DomainError.invalidState("Volume \(volume.name) of VM \(vm.name) has no file yet")
            }
            disks.append(DiskSpec(kind: .disk, source: .volume(poolId: poolId, name: path), deviceId: volume.deviceId ?? 0))
        }
        let iso = try await vm.isoId.asyncMap { try await imageLocations.isoLocation($0, zoneId: vm.zoneId) }
        // The drive is always there, so an ISO can be inserted while the VM runs.
        disks.append(DiskSpec(kind: .cdrom, source: iso.map { .image(location: $0) }, deviceId: Volume.cdromDeviceId, readOnly: true))
        let nicSpecs = nics.sorted { $0.deviceId < $1.deviceId }.map {
            NICSpec(mac: $0.macAddress, ipAddress: $0.ipAddress ?? "", networkId: $0.networkId, deviceId: $0.deviceId)
        }
        return VMSpec(
            name: vm.instanceName, uuid: vm.id, hostName: vm.name, vcpus: vm.cpuNumber, cpuSpeedMHz: vm.cpuSpeed,
            memoryMiB: vm.memory, disks: disks, nics: nicSpecs, configDrive: try await configDrive(vm, nics: nics),
            bootOrder: iso != nil ? [.cdrom, .disk] : [.disk])
    }

    /// The config drive's files: cloud-init's ConfigDrive (OpenStack) layout.
    private func configDrive(_ vm: VirtualMachine, nics: [Nic]) async throws -> [String: String] {
        let zone = try await db.read.find(Tables.zone, id: vm.zoneId)
        var dns: [String] = []
        for networkId in nics.filter(\.isDefault).map(\.networkId) {
            if let network = try await db.read.find(Tables.network, id: networkId) {
                dns += [network.dns1, network.dns2].compactMap { $0 }.filter { !$0.isEmpty }
            }
        }
        if dns.isEmpty { dns = [zone?.dns1, zone?.dns2].compactMap { $0 }.filter { !$0.isEmpty } }
        var keys: [String: String] = [:]
        let names = vm.keypairNames
        if !names.isEmpty {
            let publicKeys = try await sshKeyPairs.publicKeys(names: names, accountId: vm.accountId)
            for (name, key) in zip(names, publicKeys) { keys[name] = key }
        }
        let drive = ConfigDrive(
            uuid: vm.id, name: vm.displayName, hostName: vm.name, availabilityZone: zone?.name ?? vm.zoneId, publicKeys: keys,
            userData: vm.userData, interfaces: nics.compactMap(ConfigDrive.Interface.init), dnsServers: dns)
        do {
            return try drive.files()
        } catch {
            throw DomainError.invalidParameter("The VM's config drive cannot be built: \(error)")
        }
    }
}
