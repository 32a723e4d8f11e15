import CLibvirt
import Hypervisor

extension LibvirtDriver {
    public func ensure(network spec: NetworkSpec) async throws {
        let templates = self.templates
        let logger = self.logger
        let xml = try templates.networkXML(spec)
        try await connection.run { conn in
            let existing: Void? = try Libvirt.withNetworkIfExists(conn, spec.name) { network in
                let current = try XMLInspection.networkShape(Self.description(of: network, name: spec.name, inactive: true))
                let active = try Libvirt.check(virNetworkIsActive(network), "cannot read state of network '\(spec.name)'") == 1
                let sameShape = current.bridge == spec.bridge && current.address == spec.address
                    && current.netmask == spec.netmask && !current.forwards && current.ipCount == 1
                if sameShape {
                    // Update DHCP reservations in place: restarting the network would unplug running guests.
                    try Self.reconcileDHCPHosts(network, name: spec.name, current: current.hosts, wanted: spec.hosts,
                                                active: active, templates: templates)
                    try Libvirt.check(virNetworkSetAutostart(network, 1), "cannot set autostart of network '\(spec.name)'")
                    if !active {
                        try Libvirt.check(virNetworkCreate(network), "cannot start network '\(spec.name)'")
                    }
                    return
                }
                logger.info("network changed shape; redefining", metadata: ["network": "\(spec.name)"])
                if active {
                    try Libvirt.check(virNetworkDestroy(network), "cannot stop network '\(spec.name)'")
                }
                // The new definition carries no UUID: drop the old one first so libvirt does not see a clash.
                try Libvirt.check(virNetworkUndefine(network), "cannot undefine network '\(spec.name)'")
                try Self.defineAndStart(conn, name: spec.name, xml: xml)
            }
            if existing == nil {
                try Self.defineAndStart(conn, name: spec.name, xml: xml)
            }
        }
    }

    private static func defineAndStart(_ conn: OpaquePointer, name: String, xml: String) throws {
        let network = try Libvirt.check(virNetworkDefineXML(conn, xml), "cannot define network '\(name)'")
        defer { virNetworkFree(network) }
        try Libvirt.check(virNetworkSetAutostart(network, 1), "cannot set autostart of network '\(name)'")
        if try Libvirt.check(virNetworkIsActive(network), "cannot read state of network '\(name)'") == 0 {
            try Libvirt.check(virNetworkCreate(network), "cannot start network '\(name)'")
        }
    }

    /// Brings the reservations to `wanted`, live and in the config, with one update per reservation that
    /// changes: a new MAC is added, a known MAC with another address or name is modified in place, a MAC no
    /// longer wanted is deleted. Unchanged reservations cost nothing (libvirt writes MACs in lower case, so
    /// MACs compare without case).
    private static func reconcileDHCPHosts(_ network: OpaquePointer, name: String, current: [DHCPHost], wanted: [DHCPHost],
                                           active: Bool, templates: TemplateRenderer) throws {
        var flags = VIR_NETWORK_UPDATE_AFFECT_CONFIG.rawValue
        if active { flags |= VIR_NETWORK_UPDATE_AFFECT_LIVE.rawValue }
        let section = VIR_NETWORK_SECTION_IP_DHCP_HOST.rawValue
        func normalized(_ host: DHCPHost) -> DHCPHost {
            DHCPHost(mac: host.mac.lowercased(), ip: host.ip, name: host.name)
        }
        let existing = Dictionary(current.map { (normalized($0).mac, normalized($0)) }, uniquingKeysWith: { first, _ in first })
        let wantedMACs = Set(wanted.map { $0.mac.lowercased() })
        for host in current where !wantedMACs.contains(host.mac.lowercased()) {
            let entry = try templates.dhcpHostXML(host)
            try Libvirt.check(virNetworkUpdate(network, VIR_NETWORK_UPDATE_COMMAND_DELETE.rawValue, section, -1, entry, flags),
                              "cannot remove DHCP host \(host.mac) from network '\(name)'")
        }
        for host in wanted.map(normalized) where existing[host.mac] != host {
            let command = existing[host.mac] == nil ? VIR_NETWORK_UPDATE_COMMAND_ADD_LAST : VIR_NETWORK_UPDATE_COMMAND_MODIFY
            let entry = try templates.dhcpHostXML(host)
            try Libvirt.check(virNetworkUpdate(network, command.rawValue, section, -1, entry, flags),
                              "cannot set DHCP host \(host.mac) in network '\(name)'")
        }
    }

    public func remove(network name: String) async throws {
        try await connection.run { conn in
            _ = try Libvirt.withNetworkIfExists(conn, name) { network in
                if try Libvirt.check(virNetworkIsActive(network), "cannot read state of network '\(name)'") == 1 {
                    if virNetworkDestroy(network) < 0 {
                        let error = LibvirtErrorMapping.captureLast("cannot stop network '\(name)'")
                        if error.kind != .invalidOperation && error.kind != .noNetwork { throw error }
                    }
                }
                if virNetworkUndefine(network) < 0 {
                    let error = LibvirtErrorMapping.captureLast("cannot undefine network '\(name)'")
                    if error.kind != .noNetwork { throw error }
                }
            }
        }
    }

    public func listNetworks() async throws -> [String] {
        try await connection.run { conn -> [String] in
            var networks: UnsafeMutablePointer<OpaquePointer?>?
            let count = try Libvirt.check(virConnectListAllNetworks(conn, &networks, 0), "cannot list networks")
            guard let networks else { return [] }
            defer {
                for index in 0..<Int(count) {
                    if let network = networks[index] { virNetworkFree(network) }
                }
                free(networks)
            }
            return (0..<Int(count)).compactMap { index in
                networks[index].flatMap { virNetworkGetName($0) }.map { String(cString: $0) }
            }.sorted()
        }
    }

    /// The network's XML: the persistent definition when `inactive`, else the live one when active.
    /// Drivers that cannot tell the two apart (the test driver) return their only one.
    static func description(of network: OpaquePointer, name: String, inactive: Bool) throws -> String {
        guard inactive else {
            return try Libvirt.take(virNetworkGetXMLDesc(network, 0), "cannot read network '\(name)'")
        }
        if let raw = virNetworkGetXMLDesc(network, VIR_NETWORK_XML_INACTIVE.rawValue) {
            defer { free(raw) }
            return String(cString: raw)
        }
        let error = LibvirtErrorMapping.captureLast("cannot read network '\(name)'")
        guard error.kind == .invalidArgument || error.kind == .invalidOperation else { throw error }
        return try Libvirt.take(virNetworkGetXMLDesc(network, 0), "cannot read network '\(name)'")
    }

    /// The network's XML (live when active).
    func networkXML(name: String, inactive: Bool = false) async throws -> String {
        try await connection.run { conn in
            try Libvirt.withNetwork(conn, name) { network in
                try Self.description(of: network, name: name, inactive: inactive)
            }
        }
    }

    /// Whether the network exists and runs; nil when it does not exist.
    func networkIsActive(name: String) async throws -> Bool? {
        try await connection.run { conn in
            try Libvirt.withNetworkIfExists(conn, name) { network in
                try Libvirt.check(virNetworkIsActive(network), "cannot read state of network '\(name)'") == 1
            }
        }
    }
}
