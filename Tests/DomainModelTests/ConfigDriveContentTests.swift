import DomainModel
import Foundation
import Testing

@Suite("Config drive content")
struct ConfigDriveContentTests {
    static let vmId = "3c4b9d2e-1f00-4b7a-9c3e-0a1b2c3d4e5f"

    static let guestNic = ConfigDrive.Interface(
        macAddress: "02:00:1A:2B:3C:4D", ipAddress: "198.18.10.10", netmask: "255.255.255.0", gateway: "198.18.10.1",
        networkId: "net-guest", isDefault: true, deviceId: 0)

    static func drive(userData: String? = nil, interfaces: [ConfigDrive.Interface] = [guestNic],
                      dns: [String] = ["198.18.0.53", "198.18.0.54"]) -> ConfigDrive {
        ConfigDrive(uuid: vmId, name: "Web One", hostName: "web-1", availabilityZone: "Z1",
                    publicKeys: ["alice": "ssh-ed25519 AAAAC3Nza alice@laptop", "bob": "ssh-rsa AAAAB3Nz bob/ops"],
                    userData: userData, interfaces: interfaces, dnsServers: dns)
    }

    @Test func filesWithoutUserData() throws {
        let files = try Self.drive().files()
        #expect(files.keys.sorted() == [
            "openstack/latest/meta_data.json", "openstack/latest/network_data.json", "openstack/latest/vendor_data.json",
        ])
        #expect(files["openstack/latest/vendor_data.json"] == "{}")
    }

    @Test func metaData() throws {
        let files = try Self.drive().files()
        #expect(files["openstack/latest/meta_data.json"] ==
            #"{"availability_zone":"Z1","hostname":"web-1","name":"Web One","public_keys":{"alice":"ssh-ed25519 AAAAC3Nza alice@laptop","bob":"ssh-rsa AAAAB3Nz bob/ops"},"uuid":"3c4b9d2e-1f00-4b7a-9c3e-0a1b2c3d4e5f"}"#)
    }

    @Test func networkDataForOneNic() throws {
        let files = try Self.drive().files()
        #expect(files["openstack/latest/network_data.json"] ==
            #"{"links":[{"ethernet_mac_address":"02:00:1a:2b:3c:4d","id":"eth0","mtu":1500,"type":"phy"}],"#
            + #""networks":[{"id":"network0","ip_address":"198.18.10.10","link":"eth0","netmask":"255.255.255.0","network_id":"net-guest","#
            + #""routes":[{"gateway":"198.18.10.1","netmask":"0.0.0.0","network":"0.0.0.0"}],"type":"ipv4"}],"#
            + #""services":[{"address":"198.18.0.53","type":"dns"},{"address":"198.18.0.54","type":"dns"}]}"#)
    }

    @Test func defaultRouteOnlyOnTheDefaultNicAndDeviceOrder() throws {
        let storage = ConfigDrive.Interface(macAddress: "02:00:00:00:00:02", ipAddress: "198.18.20.10", netmask: "255.255.255.128",
                                            gateway: "198.18.20.1", networkId: "net-storage", isDefault: false, deviceId: 1)
        var guest = Self.guestNic
        guest.deviceId = 0
        let files = try Self.drive(interfaces: [storage, guest], dns: ["198.18.0.53", "", "198.18.0.53"]).files()
        let json = try #require(files["openstack/latest/network_data.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let links = try #require(object["links"] as? [[String: Any]])
        let networks = try #require(object["networks"] as? [[String: Any]])
        let services = try #require(object["services"] as? [[String: Any]])
        #expect(links.map { $0["id"] as? String } == ["eth0", "eth1"])
        #expect(links.map { $0["ethernet_mac_address"] as? String } == ["02:00:1a:2b:3c:4d", "02:00:00:00:00:02"])
        #expect(links.allSatisfy { $0["type"] as? String == "phy" && $0["mtu"] as? Int == 1500 })
        #expect(networks.map { $0["id"] as? String } == ["network0", "network1"])
        #expect(networks.map { $0["link"] as? String } == ["eth0", "eth1"])
        #expect(networks.map { $0["network_id"] as? String } == ["net-guest", "net-storage"])
        #expect(networks.allSatisfy { $0["type"] as? String == "ipv4" })
        #expect((networks[0]["routes"] as? [[String: String]]) == [["network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "198.18.10.1"]])
        #expect((networks[1]["routes"] as? [[String: String]]) == [])
        #expect(networks[1]["netmask"] as? String == "255.255.255.128")
        #expect(services.count == 1 && services[0]["address"] as? String == "198.18.0.53")
    }

    @Test(arguments: [
        ("I2Nsb3VkLWNvbmZpZwpydW5jbWQ6CiAgLSBlY2hvIGhpCg==", "#cloud-config\nruncmd:\n  - echo hi\n"),
        ("I2Nsb3VkLWNvbmZpZwpydW5jbWQ6CiAgLSBlY2hvIGhpCg", "#cloud-config\nruncmd:\n  - echo hi\n"),
        ("I2Nsb3VkLWNvbmZp\nZwpydW5jbWQ6CiAgLSBlY2hvIGhpCg==", "#cloud-config\nruncmd:\n  - echo hi\n"),
        ("aMOpbGxv", "héllo"),
    ])
    func userDataIsDecoded(encoded: String, decoded: String) throws {
        let files = try Self.drive(userData: encoded).files()
        #expect(files["openstack/latest/user_data"] == decoded)
        #expect(files.count == 4)
    }

    @Test func emptyUserDataAddsNoFile() throws {
        #expect(try Self.drive(userData: "").files()["openstack/latest/user_data"] == nil)
        #expect(try Self.drive(userData: " \n").decodedUserData() == nil)
    }

    @Test func badUserData() {
        #expect(throws: ConfigDriveError.userDataNotBase64) { try Self.drive(userData: "not base64!").files() }
        // 0xFF 0xFE 0xFD is not UTF-8.
        #expect(throws: ConfigDriveError.userDataNotText) { try Self.drive(userData: "//79").files() }
        #expect(ConfigDriveError.userDataNotBase64.domainError == .invalidParameter("User data must be base64 encoded"))
    }

    @Test func outputIsStable() throws {
        let first = try Self.drive(userData: "aGk=").files()
        let second = try Self.drive(userData: "aGk=").files()
        #expect(first == second)
    }

    @Test func interfacesFromStoredNics() {
        let nic = Nic(id: "n1", vmId: "v1", networkId: "net-guest", ipAddress: "198.18.10.10", netmask: "255.255.255.0",
                      gateway: "198.18.10.1", macAddress: "02:00:1a:2b:3c:4d", isDefault: true, deviceId: 0, broadcastUri: "vlan://untagged")
        #expect(ConfigDrive.Interface(nic) == ConfigDrive.Interface(
            macAddress: "02:00:1a:2b:3c:4d", ipAddress: "198.18.10.10", netmask: "255.255.255.0", gateway: "198.18.10.1",
            networkId: "net-guest", isDefault: true, deviceId: 0))
        var l2 = nic
        l2.ipAddress = nil
        l2.netmask = nil
        #expect(ConfigDrive.Interface(l2) == nil)
    }
}
