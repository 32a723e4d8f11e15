/// The handler of every command, by command name, gathered from one table per
/// resource group. Together with `Commands.all` this is the explicit list the
/// registry is built from; a name in two tables stops start-up.
enum HandlerTable {
    static let groups: [[String: CommandHandler]] = [
        DiscoveryHandlers.table,
        JobHandlers.table,
        IdentityHandlerTable.table,
        ZoneHandlers.table,
        PodHandlers.table, ClusterHandlers.table, HostHandlers.table, StorageHandlers.table, ImageStoreHandlers.table,
        ImagesHandlerTable.table,
        NetworkingHandlerTable.table,
        ComputeHandlerTable.table,
        ServiceOfferingHandlers.table, DiskOfferingHandlers.table, OsTypeHandlers.table, ConfigurationHandlers.table, EventHandlers.table,
    ]

    static let all: [String: CommandHandler] = groups.reduce(into: [:]) { all, group in
        for (name, handler) in group {
            precondition(all[name] == nil, "two handlers for \(name)")
            all[name] = handler
        }
    }
}
