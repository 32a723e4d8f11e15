/// Handlers of the virtual machine and volume commands.
enum ComputeHandlerTable {
    static let table: [String: CommandHandler] = [
        "deployVirtualMachine": VirtualMachineHandlers.deploy,
        "startVirtualMachine": VirtualMachineHandlers.start,
        "stopVirtualMachine": VirtualMachineHandlers.stop,
        "rebootVirtualMachine": VirtualMachineHandlers.reboot,
        "destroyVirtualMachine": VirtualMachineHandlers.destroy,
        "recoverVirtualMachine": VirtualMachineHandlers.recover,
        "expungeVirtualMachine": VirtualMachineHandlers.expunge,
        "attachIso": VirtualMachineHandlers.attachISO,
        "detachIso": VirtualMachineHandlers.detachISO,
        "updateVirtualMachine": VirtualMachineHandlers.update,
        "resetSSHKeyForVirtualMachine": VirtualMachineHandlers.resetSSHKey,
        "listVirtualMachines": VirtualMachineListing.list,
        "listVolumes": VolumeHandlers.list,
        "createVolume": VolumeHandlers.create,
        "attachVolume": VolumeHandlers.attach,
        "detachVolume": VolumeHandlers.detach,
        "resizeVolume": VolumeHandlers.resize,
        "deleteVolume": VolumeHandlers.delete,
    ]
}
