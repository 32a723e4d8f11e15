/// Handlers of the virtual machine and volume commands.
enum ComputeHandlerTable {
    static func table(vms: VirtualMachineHandlers, volumes: VolumeHandlers) -> [String: CommandHandler] {
        [
            "deployVirtualMachine": vms.deploy,
            "startVirtualMachine": vms.start,
            "stopVirtualMachine": vms.stop,
            "rebootVirtualMachine": vms.reboot,
            "destroyVirtualMachine": vms.destroy,
            "recoverVirtualMachine": vms.recover,
            "expungeVirtualMachine": vms.expunge,
            "attachIso": vms.attachISO,
            "detachIso": vms.detachISO,
            "updateVirtualMachine": vms.update,
            "resetSSHKeyForVirtualMachine": vms.resetSSHKey,
            "listVirtualMachines": VirtualMachineListing.list,
            "listVolumes": volumes.list,
            "createVolume": volumes.create,
            "attachVolume": volumes.attach,
            "detachVolume": volumes.detach,
            "resizeVolume": volumes.resize,
            "deleteVolume": volumes.delete,
        ]
    }
}
