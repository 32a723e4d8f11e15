/// Handlers of the physical network, traffic type, network offering, guest network and IP range commands.
enum NetworkingHandlerTable {
    static let table: [String: CommandHandler] = [
        "listPhysicalNetworks": PhysicalNetworkHandlers.list,
        "createPhysicalNetwork": PhysicalNetworkHandlers.create,
        "updatePhysicalNetwork": PhysicalNetworkHandlers.update,
        "deletePhysicalNetwork": PhysicalNetworkHandlers.delete,
        "addTrafficType": TrafficTypeHandlers.add,
        "listTrafficTypes": TrafficTypeHandlers.list,
        "deleteTrafficType": TrafficTypeHandlers.delete,
        "listNetworkOfferings": NetworkOfferingHandlers.list,
        "createNetwork": NetworkHandlers.create,
        "updateNetwork": NetworkHandlers.update,
        "deleteNetwork": NetworkHandlers.delete,
        "listNetworks": NetworkHandlers.list,
        "createVlanIpRange": VlanIpRangeHandlers.create,
        "listVlanIpRanges": VlanIpRangeHandlers.list,
        "deleteVlanIpRange": VlanIpRangeHandlers.delete,
    ]
}
