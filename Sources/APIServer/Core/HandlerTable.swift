import Orchestration

/// The handler of every command, by command name, gathered from one table per resource group. This is
/// where handlers get their services: each handler type is given only the ones it calls. Together with
/// `Commands.all` this is the explicit list the registry is built from; a name in two tables stops start-up.
enum HandlerTable {
    static func groups(_ cloud: Cloud) -> [[String: CommandHandler]] {
        let settings = cloud.settings
        return [
            DiscoveryHandlers(settings: settings).table,
            JobHandlers.table,
            IdentityHandlerTable.table(
                accounts: AccountHandlers(identity: cloud.identity), users: UserHandlers(identity: cloud.identity),
                keyPairs: SSHKeyPairHandlers(sshKeyPairs: cloud.sshKeyPairs), domains: DomainHandlers(identity: cloud.identity)),
            ZoneHandlers(inventory: cloud.inventory, settings: settings).table,
            PodHandlers(inventory: cloud.inventory, settings: settings).table,
            ClusterHandlers(inventory: cloud.inventory, settings: settings).table,
            HostHandlers(inventory: cloud.inventory, agents: cloud.agents, settings: settings).table,
            StorageHandlers(inventory: cloud.inventory, agents: cloud.agents, settings: settings).table,
            ImageStoreHandlers(inventory: cloud.inventory, images: cloud.images).table,
            ImagesHandlerTable.table(ImageHandlers(images: cloud.images)),
            NetworkingHandlerTable.table(
                physical: PhysicalNetworkHandlers(networks: cloud.networks), trafficTypes: TrafficTypeHandlers(networks: cloud.networks),
                networks: NetworkHandlers(networks: cloud.networks, instances: cloud.instances),
                ranges: VlanIpRangeHandlers(networks: cloud.networks)),
            ComputeHandlerTable.table(
                vms: VirtualMachineHandlers(instances: cloud.instances, volumes: cloud.volumes), volumes: VolumeHandlers(volumes: cloud.volumes)),
            ServiceOfferingHandlers(offerings: cloud.offerings).table,
            DiskOfferingHandlers(offerings: cloud.offerings).table,
            OsTypeHandlers.table,
            ConfigurationHandlers(settings: settings, events: cloud.events).table,
            EventHandlers.table,
        ]
    }

    static func all(_ cloud: Cloud) -> [String: CommandHandler] {
        groups(cloud).reduce(into: [:]) { all, group in
            for (name, handler) in group {
                precondition(all[name] == nil, "two handlers for \(name)")
                all[name] = handler
            }
        }
    }
}
