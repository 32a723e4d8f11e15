import AgentProtocol

/// The one handler for each command.
enum CommandDispatch {
    static func handler(for command: AgentCommand) -> any CommandHandler {
        switch command {
        case .adopt(let adoption): AdoptHandler(adoption: adoption)
        case .attachPool(let pool): AttachPoolHandler(pool: pool)
        case .detachPool(let poolId): DetachPoolHandler(poolId: poolId)
        case .ensureNetwork(let network): EnsureNetworkHandler(network: network)
        case .removeNetwork(let networkId): RemoveNetworkHandler(networkId: networkId)
        case .startVM(let spec): StartVMHandler(spec: spec)
        case .stopVM(let name, let force, let timeoutSeconds): StopVMHandler(name: name, force: force, timeoutSeconds: timeoutSeconds)
        case .rebootVM(let name): RebootVMHandler(name: name)
        case .destroyVM(let name): DestroyVMHandler(name: name)
        case .attachISO(let vmName, let iso): AttachISOHandler(name: vmName, iso: iso)
        case .detachISO(let vmName): DetachISOHandler(name: vmName)
        case .attachDisk(let vmName, let disk): AttachDiskHandler(name: vmName, disk: disk)
        case .detachDisk(let vmName, let deviceId): DetachDiskHandler(name: vmName, deviceId: deviceId)
        case .createVolume(let spec): CreateVolumeHandler(spec: spec)
        case .resizeVolume(let poolId, let name, let sizeBytes): ResizeVolumeHandler(poolId: poolId, name: name, sizeBytes: sizeBytes)
        case .deleteVolume(let poolId, let name): DeleteVolumeHandler(poolId: poolId, name: name)
        case .hostStats: HostStatsHandler()
        case .vmStats(let names): VMStatsHandler(names: names)
        case .checkVM(let name): CheckVMHandler(name: name)
        }
    }
}
