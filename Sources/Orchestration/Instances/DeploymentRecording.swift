import DomainModel
import Foundation
import Persistence

extension DeploymentPreparation {
    /// Records a checked deployment in one transaction: the VM (Stopped), its NICs with addresses and
    /// MACs, its ROOT volume and, for a template with a disk offering, its DATA volume (both Allocated).
    func record(_ choices: DeploymentChoices, request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> VirtualMachine {
        let vmId = ResourceID.make()
        let detailsJSON = try DeploymentRules.encodeDetails(request.details)
        let suffix = settings.string("instance.name")
        return try await db.transaction { store in
            let vmNumber = try await InstanceNumbers.next("vm", in: store)
            let accountNumber = try await InstanceNumbers.accountNumber(owner.id, in: store)
            let hostName = choices.hostName.isEmpty ? VirtualMachineNames.defaultHostName(vmId: vmId) : choices.hostName
            let vm = VirtualMachine(
                id: vmId, name: hostName, displayName: choices.displayName.isEmpty ? hostName : choices.displayName,
                instanceName: VirtualMachineNames.instanceName(
                    accountNumber: accountNumber, vmNumber: vmNumber,
                    suffix: VirtualMachineNames.isValidSuffix(suffix) ? suffix : VirtualMachineNames.defaultSuffix),
                accountId: owner.id, domainId: owner.domainId, zoneId: choices.zone.id, templateId: choices.template.id,
                isoId: choices.template.isIso ? choices.template.id : nil, serviceOfferingId: choices.offering.id,
                diskOfferingId: choices.diskOffering?.id, cpuNumber: choices.cpuNumber, cpuSpeed: choices.cpuSpeed,
                memory: choices.memory, haEnabled: choices.offering.offerHa, group: request.group, userData: request.userData,
                keypairs: choices.keypairs.isEmpty ? nil : choices.keypairs.joined(separator: ","), details: detailsJSON,
                guestOsId: choices.template.osTypeId ?? "")
            try await store.insert(vm, into: Tables.vmInstance)
            for (index, network) in choices.networks.enumerated() {
                let requested = request.ipToNetwork[network.id] ?? (index == 0 ? request.ipAddress : nil)
                let assignment = try await AddressAssignment.address(on: network, requested: requested, in: store)
                let nic = Nic(
                    id: ResourceID.make(), vmId: vmId, networkId: network.id, ipAddress: assignment.address.description,
                    netmask: assignment.netmask.description, gateway: assignment.gateway.description,
                    macAddress: try await AddressAssignment.mac(in: store), isDefault: index == 0, deviceId: index,
                    broadcastUri: network.vlan.map { "vlan://\($0)" })
                try await store.insert(nic, into: Tables.nic)
            }
            let root = Volume(
                id: ResourceID.make(), name: VirtualMachineNames.rootVolumeName(vmNumber: vmNumber), accountId: owner.id,
                domainId: owner.domainId, zoneId: choices.zone.id, vmId: vmId, deviceId: 0, type: .root, sizeBytes: choices.rootBytes,
                diskOfferingId: choices.template.isIso ? choices.diskOffering?.id : nil,
                templateId: choices.template.isIso ? nil : choices.template.id)
            try await store.insert(root, into: Tables.volume)
            if let dataBytes = choices.dataBytes {
                let data = Volume(
                    id: ResourceID.make(), name: VirtualMachineNames.dataVolumeName(vmNumber: vmNumber), accountId: owner.id,
                    domainId: owner.domainId, zoneId: choices.zone.id, vmId: vmId, deviceId: 1, type: .dataDisk, sizeBytes: dataBytes,
                    diskOfferingId: choices.diskOffering?.id)
                try await store.insert(data, into: Tables.volume)
            }
            try await events.record(
                "VM.CREATE", "Created VM \(vm.name) (\(vm.instanceName)) from \(choices.template.kindName) \(choices.template.name) in zone \(choices.zone.name)",
                by: initiator, resourceId: vmId, resourceType: "VirtualMachine", in: store)
            return vm
        }
    }
}
