import DomainModel
import SQLKit

/// A NIC's address as a host's DHCP service hands it out: the VM's MAC, address and name.
public struct NicReservationRow: Sendable, Equatable {
    public var vmId: String
    public var vmHostId: String?
    public var macAddress: String
    public var ipAddress: String
    public var vmName: String
}

/// Named queries over live NICs that join or project more than a filtered list can.
public enum NicQueries {
    /// The live NICs with an address on `networkId` of VMs placed on `hostId`, and of VM `alsoVM` wherever
    /// it is placed (a VM on its way to the host), with each VM's name and host.
    public static func dhcpReservations(network networkId: String, host hostId: String, alsoVM: String?, in store: Store) async throws -> [NicReservationRow] {
        try await store.oneAtATime {
            let rows = try await store.sql.select()
                .column(SQLColumn("mac_address", table: "nic")).column(SQLColumn("ip_address", table: "nic"))
                .column(SQLColumn("name", table: "vm_instance")).column(SQLColumn("id", table: "vm_instance"))
                .column(SQLColumn("host_id", table: "vm_instance"))
                .from(Tables.nic.name)
                .join(Tables.vmInstance.name, on: SQLColumn("vm_id", table: "nic"), .equal, SQLColumn("id", table: "vm_instance"))
                .where(SQLColumn("network_id", table: "nic"), .equal, SQLBind(networkId))
                .where(SQLColumn("removed", table: "nic"), .is, SQLLiteral.null)
                .where(SQLColumn("ip_address", table: "nic"), .isNot, SQLLiteral.null)
                .where(group: { clause in
                    clause.where(SQLColumn("host_id", table: "vm_instance"), .equal, SQLBind(hostId))
                        .orWhere(SQLColumn("id", table: "vm_instance"), .equal, SQLBind(alsoVM ?? ""))
                })
                .all()
            return try rows.map { row in
                NicReservationRow(
                    vmId: try row.decode(column: "id", as: String.self), vmHostId: try row.decode(column: "host_id", as: String?.self),
                    macAddress: try row.decode(column: "mac_address", as: String.self), ipAddress: try row.decode(column: "ip_address", as: String.self),
                    vmName: try row.decode(column: "name", as: String.self))
            }
        }
    }

    /// The addresses live NICs hold on `networkId`.
    public static func addressesInUse(network networkId: String, in store: Store) async throws -> [String] {
        try await store.oneAtATime {
            let rows = try await store.sql.select().column("ip_address").from(Tables.nic.name)
                .where("network_id", .equal, SQLBind(networkId)).where("removed", .is, SQLLiteral.null).where("ip_address", .isNot, SQLLiteral.null)
                .all()
            return try rows.map { try $0.decode(column: "ip_address", as: String.self) }
        }
    }
}
