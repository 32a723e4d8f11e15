import AgentProtocol
import DomainModel
import Foundation
import Persistence

/// Changes to a VM that do not move it between states: its CD-ROM, names and settings, and its SSH keys.
struct ChangeWorkflows: Sendable {
    let db: Database
    let records: InstanceRecords
    let imageLocations: ImageLocations
    let agents: AgentService
    let sshKeyPairs: SSHKeyPairService

    func attachISO(vmId: String, isoId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard vm.state == .running || vm.state == .stopped else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); an ISO can be attached when it is Running or Stopped")
            }
            if let current = vm.isoId {
                let name = try await db.read.find(Tables.template, id: current)?.name ?? current
                throw DomainError.invalidState("VM \(vm.name) already has ISO \(name) attached; detach it first")
            }
            guard let owner = try await db.read.find(Tables.account, id: vm.accountId) else {
                throw DomainError.invalidState("The account of VM \(vm.name) no longer exists")
            }
            guard let iso = try await db.read.find(Tables.template, id: isoId), iso.isIso, iso.removed == nil,
                  try await ImagePermissions.mayUse(iso, owner: owner, in: db.read) else {
                throw DomainError.notFound(kind: "ISO", id: isoId, parameter: "id")
            }
            _ = try await imageLocations.readyReference(of: iso, inZone: try await records.zone(vm.zoneId))
            if vm.state == .running, let hostId = vm.hostId {
                let location = try await imageLocations.imageLocation(of: iso, zoneId: vm.zoneId)
                _ = try await agents.send(.attachISO(vmName: vm.instanceName, iso: .image(location: location)), toHost: hostId, timeout: .seconds(60))
            }
            return try await db.transaction { store in
                let updated = try await records.change(vm, in: store) { $0.isoId = iso.id }
                try await records.record("ISO.ATTACH", "Attached ISO \(iso.name) to VM \(vm.name)", vm: updated, by: initiator, in: store)
                return updated
            }
        }
    }

    func detachISO(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard let isoId = vm.isoId else {
                throw DomainError.invalidParameter("VM \(vm.name) has no ISO attached")
            }
            guard vm.state == .running || vm.state == .stopped else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); an ISO can be detached when it is Running or Stopped")
            }
            if vm.state == .running, let hostId = vm.hostId {
                _ = try await agents.send(.detachISO(vmName: vm.instanceName), toHost: hostId, timeout: .seconds(60))
            }
            let name = try await db.read.find(Tables.template, id: isoId)?.name ?? isoId
            return try await db.transaction { store in
                let updated = try await records.change(vm, in: store) { $0.isoId = nil }
                try await records.record("ISO.DETACH", "Detached ISO \(name) from VM \(vm.name)", vm: updated, by: initiator, in: store)
                return updated
            }
        }
    }

    func update(vmId: String, _ changes: VirtualMachineUpdate, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            var next = vm
            if let name = changes.name?.trimmingCharacters(in: .whitespaces), name != vm.name {
                try VirtualMachineNames.checkHostName(name)
                if try await db.read.exists(Tables.vmInstance, [.equals(.accountId, vm.accountId), .equals(.name, name), .isNull(.removed)]) {
                    throw DomainError.invalidParameter("A VM named \(name) already exists in this account; choose another name")
                }
                next.name = name
            }
            if let displayName = changes.displayName { next.displayName = displayName }
            if let group = changes.group { next.group = group.isEmpty ? nil : group }
            if let ha = changes.haEnabled { next.haEnabled = ha }
            if let userData = changes.userData {
                try DeploymentRules.checkUserData(userData)
                next.userData = userData
            }
            if let osId = changes.guestOsId {
                guard try await db.read.find(Tables.osType, id: osId) != nil else {
                    throw DomainError.notFound(kind: "guest OS type", id: osId, parameter: "ostypeid")
                }
                next.guestOsId = osId
            }
            if let details = changes.details {
                var merged = try JSONSerialization.jsonObject(with: Data(vm.details.utf8)) as? [String: String] ?? [:]
                merged.merge(details) { _, new in new }
                next.details = try DeploymentRules.encodeDetails(merged)
            }
            if next == vm { return vm }
            let changed = next
            return try await db.transaction { store in
                let updated = try await records.change(vm, in: store) { $0 = changed }
                try await records.record("VM.UPDATE", "Updated VM \(updated.name)", vm: updated, by: initiator, in: store)
                return updated
            }
        }
    }

    func resetSSHKeys(vmId: String, keypairs: [String], by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard vm.state == .stopped else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); stop it before resetting its SSH keys")
            }
            let names = keypairs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw DomainError.invalidParameter("Name at least one SSH key pair (keypair or keypairs)") }
            _ = try await sshKeyPairs.publicKeys(names: names, accountId: vm.accountId)
            return try await db.transaction { store in
                let updated = try await records.change(vm, in: store) { $0.keypairs = names.joined(separator: ",") }
                try await records.record("VM.RESETSSHKEY", "Reset the SSH keys of VM \(vm.name) to \(names.joined(separator: ", "))", vm: updated, by: initiator, in: store)
                return updated
            }
        }
    }
}
