import Foundation

/// The files of a VM's OpenStack config drive, which cloud-init (and the test image's init) read at boot:
/// a map from path inside the drive to contents, for the agent to put on an ISO labelled `config-2`.
///
/// Files, all under `openstack/latest/` (cloud-init takes `latest` when the drive offers no dated
/// version it knows, so dated copies such as `2012-08-10` are left out):
/// * `meta_data.json` — `uuid` (the VM id), `name` (display name), `hostname`, `public_keys`
///   (key-pair name → public key) and `availability_zone` (the zone's name);
/// * `user_data` — the user data, base64-decoded, when there is any;
/// * `network_data.json` — one `phy` link (`eth0`, `eth1`… in device order, MTU 1500) and one `ipv4`
///   network (`network0`, …) per NIC; only the default NIC gets the default route; DNS servers become
///   `dns` services;
/// * `vendor_data.json` — `{}`.
/// JSON is written with sorted keys and unescaped slashes, so the same VM always yields the same bytes.
/// The VM's password is not put on the drive.
public struct ConfigDrive: Sendable, Equatable {
    /// The VM's id (the guest's instance id).
    public var uuid: String
    /// The VM's display name.
    public var name: String
    /// The guest's host name.
    public var hostName: String
    /// The zone's name.
    public var availabilityZone: String
    /// Key-pair name → public key in OpenSSH form.
    public var publicKeys: [String: String] = [:]
    /// User data as the API takes it: base64 text.
    public var userData: String?
    public var interfaces: [Interface]
    public var dnsServers: [String] = []

    public init(
        uuid: String,
        name: String,
        hostName: String,
        availabilityZone: String,
        publicKeys: [String: String] = [:],
        userData: String? = nil,
        interfaces: [Interface],
        dnsServers: [String] = []
    ) {
        self.uuid = uuid
        self.name = name
        self.hostName = hostName
        self.availabilityZone = availabilityZone
        self.publicKeys = publicKeys
        self.userData = userData
        self.interfaces = interfaces
        self.dnsServers = dnsServers
    }

    /// The directory every file lives in.
    public static let directory = "openstack/latest/"

    /// Path → contents. Throws when the user data is not base64 of UTF-8 text (the agent wire carries text).
    public func files() throws(ConfigDriveError) -> [String: String] {
        var files = [
            Self.directory + "meta_data.json": encode(metaData),
            Self.directory + "network_data.json": encode(networkData),
            Self.directory + "vendor_data.json": "{}",
        ]
        if let userData = try decodedUserData() {
            files[Self.directory + "user_data"] = userData
        }
        return files
    }

    /// The user data decoded; nil when there is none. Accepts missing padding and line breaks.
    public func decodedUserData() throws(ConfigDriveError) -> String? {
        guard let userData else { return nil }
        var text = userData.filter { !$0.isWhitespace }
        if text.isEmpty { return nil }
        if text.count % 4 != 0 { text += String(repeating: "=", count: 4 - text.count % 4) }
        guard let data = Data(base64Encoded: text) else { throw .userDataNotBase64 }
        guard let decoded = String(data: data, encoding: .utf8) else { throw .userDataNotText }
        return decoded
    }
}

extension ConfigDrive {
    /// One NIC as the guest is told about it.
    public struct Interface: Sendable, Equatable {
        public var macAddress: String
        public var ipAddress: String
        public var netmask: String
        public var gateway: String?
        public var networkId: String
        public var isDefault: Bool
        public var deviceId: Int

        public init(
            macAddress: String,
            ipAddress: String,
            netmask: String,
            gateway: String? = nil,
            networkId: String,
            isDefault: Bool,
            deviceId: Int
        ) {
            self.macAddress = macAddress
            self.ipAddress = ipAddress
            self.netmask = netmask
            self.gateway = gateway
            self.networkId = networkId
            self.isDefault = isDefault
            self.deviceId = deviceId
        }
    }
}

extension ConfigDrive.Interface {
    /// The interface of a stored NIC; nil when the NIC has no address (an L2 network), which the drive cannot describe.
    public init?(_ nic: Nic) {
        guard let ip = nic.ipAddress, let netmask = nic.netmask else { return nil }
        self.init(macAddress: nic.macAddress, ipAddress: ip, netmask: netmask, gateway: nic.gateway,
                  networkId: nic.networkId, isDefault: nic.isDefault, deviceId: nic.deviceId)
    }
}

extension ConfigDrive {
    struct MetaData: Encodable {
        var uuid: String
        var name: String
        var hostname: String
        var public_keys: [String: String]
        var availability_zone: String
    }

    struct NetworkData: Encodable {
        var links: [LinkEntry]
        var networks: [NetworkEntry]
        var services: [ServiceEntry]
    }

    struct LinkEntry: Encodable {
        var id: String
        var type = "phy"
        var ethernet_mac_address: String
        var mtu = 1500
    }

    struct NetworkEntry: Encodable {
        var id: String
        var type = "ipv4"
        var link: String
        var ip_address: String
        var netmask: String
        var routes: [RouteEntry]
        var network_id: String
    }

    struct RouteEntry: Encodable {
        var network = "0.0.0.0"
        var netmask = "0.0.0.0"
        var gateway: String
    }

    struct ServiceEntry: Encodable {
        var type = "dns"
        var address: String
    }

    var metaData: MetaData {
        MetaData(uuid: uuid, name: name, hostname: hostName, public_keys: publicKeys, availability_zone: availabilityZone)
    }

    var networkData: NetworkData {
        let ordered = interfaces.sorted { $0.deviceId < $1.deviceId }
        var links: [LinkEntry] = []
        var networks: [NetworkEntry] = []
        for (index, interface) in ordered.enumerated() {
            let link = "eth\(index)"
            links.append(LinkEntry(id: link, ethernet_mac_address: interface.macAddress.lowercased()))
            var routes: [RouteEntry] = []
            if interface.isDefault, let gateway = interface.gateway, !gateway.isEmpty { routes.append(RouteEntry(gateway: gateway)) }
            networks.append(NetworkEntry(id: "network\(index)", link: link, ip_address: interface.ipAddress,
                                    netmask: interface.netmask, routes: routes, network_id: interface.networkId))
        }
        var seen = Set<String>()
        let services = dnsServers.filter { !$0.isEmpty && seen.insert($0).inserted }.map { ServiceEntry(address: $0) }
        return NetworkData(links: links, networks: networks, services: services)
    }

    func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
