import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Keeps VM records true to what hosts report, by the rule `VMPowerSync` writes down: a VM a workflow is
/// working on is left to it; otherwise the host is believed. Following a report to Stopped gives back the
/// host's capacity; following one to Running records the reporting host and reserves capacity there.
/// Each change is an event (`VM.STATE.SYNC`, WARN) and an alert.
struct PowerStateSync: Sendable {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let records: InstanceRecords
    /// VMs a workflow of this process is working on; their reports are left to the workflow.
    let claims: WorkClaims
    let guestNetworks: GuestNetworks
    let agents: AgentService
    let background: BackgroundWork
    let logger: Logger

    func reconcile(hostId: String, reports: [VMPowerReport], complete: Bool) async {
        do {
            // A ping is a list taken a moment before it arrives: right after a workflow it may still show the
            // VM as it was. Events (single reports) are current and always count.
            let grace = complete ? min(max(settings.double("ping.interval"), 1), 10) : 0
            func inFlight(_ vm: VirtualMachine) -> Bool { claims.contains(vm.id) || claims.endedRecently(vm.id, within: grace) }
            let byName = Dictionary(reports.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
            let placed = try await db.read.all(Tables.vmInstance, [.equals(.hostId, hostId), .isNull(.removed)])
            var seen = Set<String>()
            for vm in placed {
                seen.insert(vm.instanceName)
                let reported: VMPowerSync.ReportedPower
                if let report = byName[vm.instanceName] {
                    reported = VMPowerSync.ReportedPower(rawValue: report.state.rawValue) ?? .unknown
                } else if complete {
                    reported = .missing
                } else {
                    continue
                }
                await apply(VMPowerSync.reconcile(dbState: vm.state, reported: reported, jobInFlight: inFlight(vm)), to: vm, hostId: hostId)
            }
            // Domains this host runs for VMs recorded elsewhere or nowhere: started outside Cumulo, or strays.
            let others = reports.filter { !seen.contains($0.name) && $0.state == .running }.map(\.name)
            guard !others.isEmpty else { return }
            for vm in try await db.read.all(Tables.vmInstance, [.isIn(.instanceName, others), .isNull(.removed)]) where vm.hostId == nil {
                await apply(VMPowerSync.reconcile(dbState: vm.state, reported: .powerOn, jobInFlight: inFlight(vm)), to: vm, hostId: hostId)
            }
        } catch {
            logger.warning("reconciling the VMs of host \(hostId) failed: \(error)")
        }
    }

    private func apply(_ action: VMPowerSync.Action, to vm: VirtualMachine, hostId: String) async {
        switch action {
        case .none, .leaveToJob:
            return
        case .ignore(let reason):
            logger.info("VM \(vm.name): \(reason)")
        case .stopStrayDomain(let reason):
            logger.warning("VM \(vm.name): \(reason)")
            // Not awaited: the reconciler would wait on the host for every stray it finds.
            background.submit("powering off stray domain \(vm.instanceName) on host \(hostId)") { [agents] in
                _ = try await agents.send(.destroyVM(name: vm.instanceName), toHost: hostId, timeout: .seconds(60))
            }
        case .follow(let event, let target, let reason):
            guard claims.claim(vm.id) else { return }
            defer { claims.release(vm.id) }
            do {
                // Recorded for the VM's owner, who sees it in listEvents like the VM's other events.
                let initiator = Initiator(userId: nil, accountId: vm.accountId, domainId: vm.domainId)
                let hostName = try await db.read.find(Tables.host, id: hostId)?.name ?? hostId
                let applied = try await db.transaction { store -> Bool in
                    let current = try await records.liveVM(vm.id, in: store)
                    // Changed since the report was matched to it: the next report is matched afresh.
                    guard current.rowVersion == vm.rowVersion else { return false }
                    if target == .stopped || target == .error {
                        if vm.state.holdsHostCapacity, let held = vm.hostId {
                            try await CapacityLedger.releaseHost(held, cpuMHz: vm.cpuNeededMHz, memoryBytes: vm.memoryNeededBytes, in: store)
                        }
                        try await records.transition(current, event, in: store) { $0.hostId = nil; $0.lastHostId = vm.hostId ?? vm.lastHostId }
                    } else {
                        if !vm.state.holdsHostCapacity {
                            let now = try await CapacityLedger.allocation(of: hostId, in: store)
                            let grown = CapacityReservation(hostId: hostId, expected: now.hostAllocation, updated: HostAllocation(
                                cpuMHz: now.cpuMHz + vm.cpuNeededMHz, memoryBytes: now.memoryBytes + vm.memoryNeededBytes))
                            _ = try await CapacityLedger.apply(grown, in: store)
                        }
                        try await records.transition(current, event, in: store) { $0.hostId = hostId; $0.lastHostId = hostId }
                    }
                    try await records.record("VM.STATE.SYNC", "VM \(vm.name) on host \(hostName): \(reason)", vm: current, by: initiator, level: .warn, in: store)
                    return true
                }
                guard applied else { return }
                await logger.attempt("the alert of VM \(vm.name)'s state change was not raised") { try await events.alert(.sync, subject: "VM \(vm.name) (\(vm.instanceName)) on host \(hostName): \(reason)", zoneId: vm.zoneId) }
                if target == .stopped {
                    // Not awaited, for the same reason; the VM is off the host in the store now, so the spec leaves it out.
                    let nics = try await records.nics(of: vm.id)
                    background.submit("dropping the DHCP entry of VM \(vm.name) on host \(hostId)") { [guestNetworks] in try await guestNetworks.ensureNetworks(nics, onHost: hostId) }
                }
            } catch {
                logger.warning("VM \(vm.name): applying the host's report failed: \(error)")
            }
        }
    }
}
