import DomainModel
import Foundation
import Persistence

/// What every instance workflow shares: reading a VM with its NICs and volumes, moving its state with
/// compare-and-set updates, holding it for one workflow at a time, and recording its events.
struct InstanceRecords: Sendable {
    let db: Database
    let events: EventRecorder
    /// VMs a workflow of this process is working on (shared with volume workflows); power reports leave them to it.
    let claims: WorkClaims

    /// The live VM with `id`.
    func liveVM(_ id: String, in store: Store? = nil) async throws -> VirtualMachine {
        guard let vm = try await (store ?? db.read).find(Tables.vmInstance, id: id), vm.removed == nil else {
            throw DomainError.notFound(kind: "virtual machine", id: id, parameter: "id")
        }
        return vm
    }

    func zone(_ id: String) async throws -> Zone {
        guard let zone = try await db.read.find(Tables.zone, id: id) else {
            throw DomainError.notFound(kind: "zone", id: id, parameter: "zoneid")
        }
        return zone
    }

    /// The VM's live NICs, in device order.
    func nics(of vmId: String, in store: Store? = nil) async throws -> [Nic] {
        try await (store ?? db.read).all(Tables.nic, [.equals(.vmId, vmId), .isNull(.removed)]).sorted { $0.deviceId < $1.deviceId }
    }

    /// The volumes attached to the VM, ROOT first.
    func volumes(of vmId: String, in store: Store? = nil) async throws -> [Volume] {
        try await (store ?? db.read).volumes(attachedTo: vmId)
    }

    /// Moves the VM by `event` with a compare-and-set on its row version, applying `changes` too.
    /// Throws when the event is not allowed in the VM's state or another writer moved it first.
    @discardableResult
    func transition(_ vm: VirtualMachine, _ event: VirtualMachineState.Event, in store: Store,
                    _ changes: (inout VirtualMachine) -> Void = { _ in }) async throws -> VirtualMachine {
        guard let next = vm.state.next(event) else {
            throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); it cannot take \(Self.phrase(event)) now")
        }
        return try await change(vm, in: store) {
            $0.state = next
            changes(&$0)
        }
    }

    /// Applies `changes` to the VM's row with a compare-and-set on its row version, and returns the row.
    /// Throws when another writer changed the VM first.
    @discardableResult
    func change(_ vm: VirtualMachine, in store: Store, _ changes: (inout VirtualMachine) -> Void) async throws -> VirtualMachine {
        var updated = vm
        guard try await store.update(&updated, in: Tables.vmInstance, changes) else {
            throw DomainError.concurrentModification("VM \(vm.name) was changed by another operation; try again")
        }
        return updated
    }

    private static func phrase(_ event: VirtualMachineState.Event) -> String {
        switch event {
        case .startRequested: "a start"
        case .stopRequested: "a stop"
        case .rebootRequested: "a reboot"
        case .migrationRequested: "a migration"
        case .destroyRequested: "a destroy"
        case .recoveryRequested: "a recover"
        case .expungeRequested: "an expunge"
        default: "this change"
        }
    }

    /// Runs `body` while the VM is claimed by this workflow; a second workflow on the same VM is refused.
    func exclusively<T: Sendable>(_ vmId: String, _ body: () async throws -> T) async throws -> T {
        try await claims.exclusively(vmId, what: "this VM", body)
    }

    /// The events the VM's workflows record.
    func record(_ type: String, _ description: String, vm: VirtualMachine, by initiator: Initiator, level: EventLevel = .info, in store: Store) async throws {
        try await events.record(type, description, by: initiator, resourceId: vm.id, resourceType: "VirtualMachine", level: level, in: store)
    }
}
