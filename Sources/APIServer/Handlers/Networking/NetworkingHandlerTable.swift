/// Handlers of the physical network, traffic type, network offering, guest network and IP range commands.
enum NetworkingHandlerTable {
    static func table(physical: PhysicalNetworkHandlers, trafficTypes: TrafficTypeHandlers, networks: NetworkHandlers, ranges: VlanIpRangeHandlers) -> [String: CommandHandler] {
        [
            "listPhysicalNetworks": physical.list,
            "createPhysicalNetwork": physical.create,
            "updatePhysicalNetwork": physical.update,
            "deletePhysicalNetwork": physical.delete,
            "addTrafficType": trafficTypes.add,
            "listTrafficTypes": trafficTypes.list,
            "deleteTrafficType": trafficTypes.delete,
            "listNetworkOfferings": NetworkOfferingHandlers.list,
            "createNetwork": networks.create,
            "updateNetwork": networks.update,
            "deleteNetwork": networks.delete,
            "listNetworks": networks.list,
            "createVlanIpRange": ranges.create,
            "listVlanIpRanges": ranges.list,
            "deleteVlanIpRange": ranges.delete,
        ]
    }
}
