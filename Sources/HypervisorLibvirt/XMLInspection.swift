#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import Hypervisor

/// Reads the few facts the driver needs back out of libvirt's XML descriptions.
enum XMLInspection {
    static func document(_ xml: String) throws -> XMLDocument {
        do {
            return try XMLDocument(xmlString: xml, options: [])
        } catch {
            throw HypervisorError(.failed, "libvirt returned XML that does not parse: \(error)")
        }
    }

    static func strings(_ document: XMLDocument, _ xpath: String) -> [String] {
        ((try? document.nodes(forXPath: xpath)) ?? []).compactMap(\.stringValue)
    }

    static func string(_ document: XMLDocument, _ xpath: String) -> String? {
        strings(document, xpath).first
    }

    // MARK: Domains

    /// The VNC port of a running domain's live XML (libvirt reports -1 until one is assigned).
    static func vncPort(domainXML xml: String) -> Int? {
        guard let document = try? document(xml),
              let port = string(document, "/domain/devices/graphics[@type='vnc']/@port").flatMap({ Int($0) }), port > 0
        else { return nil }
        return port
    }

    /// A CD-ROM drive of a domain.
    struct CDROMDrive: Equatable {
        var target: String
        var bus: String
        var format: String
    }

    /// CD-ROM drives, ordered by target name.
    static func cdromDrives(domainXML xml: String) throws -> [CDROMDrive] {
        let document = try document(xml)
        let nodes = (try? document.nodes(forXPath: "/domain/devices/disk[@device='cdrom']")) ?? []
        return nodes.compactMap { node -> CDROMDrive? in
            guard let element = node as? XMLElement,
                  let target = element.elements(forName: "target").first?.attribute(forName: "dev")?.stringValue
            else { return nil }
            let bus = element.elements(forName: "target").first?.attribute(forName: "bus")?.stringValue ?? "ide"
            let format = element.elements(forName: "driver").first?.attribute(forName: "type")?.stringValue ?? "raw"
            return CDROMDrive(target: target, bus: bus, format: format)
        }.sorted { $0.target < $1.target }
    }

    /// A disk or CD-ROM device of a domain, as its XML describes it.
    struct DiskDevice: Equatable {
        var target: String
        /// `disk` or `cdrom`.
        var device: String
        /// nil when the device has no source, or one of a kind the agent does not create.
        var source: DiskSourceLocation?
        /// The device's own XML, as `virDomainDetachDeviceFlags` takes it.
        var xml: String
    }

    /// The device at `target`, if the domain has one.
    static func disk(target: String, domainXML xml: String) throws -> DiskDevice? {
        let document = try document(xml)
        let nodes = (try? document.nodes(forXPath: "/domain/devices/disk")) ?? []
        for node in nodes {
            guard let element = node as? XMLElement,
                  element.elements(forName: "target").first?.attribute(forName: "dev")?.stringValue == target
            else { continue }
            let source = element.elements(forName: "source").first
            var location: DiskSourceLocation?
            switch element.attribute(forName: "type")?.stringValue {
            case "file":
                location = source?.attribute(forName: "file")?.stringValue.map { .file(path: $0) }
            case "network" where source?.attribute(forName: "protocol")?.stringValue == "nfs":
                if let path = source?.attribute(forName: "name")?.stringValue,
                   let server = source?.elements(forName: "host").first?.attribute(forName: "name")?.stringValue {
                    location = .nfs(server: server, path: path)
                }
            default:
                location = nil
            }
            return DiskDevice(target: target, device: element.attribute(forName: "device")?.stringValue ?? "disk",
                              source: location, xml: element.xmlString)
        }
        return nil
    }

    /// Host-side names of a live domain's interfaces (`vnet0`…), for interface statistics.
    static func interfaceDevices(domainXML xml: String) -> [String] {
        guard let document = try? document(xml) else { return [] }
        return strings(document, "/domain/devices/interface/target/@dev")
    }

    /// Targets of the disks that have media, for block statistics.
    static func diskTargets(domainXML xml: String) -> [String] {
        guard let document = try? document(xml) else { return [] }
        return strings(document, "/domain/devices/disk[source]/target/@dev")
    }

    // MARK: Host

    /// What the capabilities XML says about the host and the domain types it offers.
    struct Capabilities: Equatable {
        var hostArch: String?
        var cpuModel: String?
        var sockets: Int?
        /// Domain types offered for `hvm` guests of the host's architecture, in document order.
        var domainTypes: [String]
    }

    static func capabilities(_ xml: String) throws -> Capabilities {
        let document = try document(xml)
        let arch = string(document, "/capabilities/host/cpu/arch")
        let model = string(document, "/capabilities/host/cpu/model")
        let sockets = string(document, "/capabilities/host/cpu/topology/@sockets").flatMap { Int($0) }
        var types: [String] = []
        var archs = [arch].compactMap { $0 }
        if arch == "x86_64" { archs.append("i686") }
        for candidate in archs {
            for type in strings(document, "/capabilities/guest[os_type='hvm']/arch[@name='\(candidate)']/domain/@type") where !types.contains(type) {
                types.append(type)
            }
        }
        if types.isEmpty {
            for type in strings(document, "/capabilities/guest/arch/domain/@type") where !types.contains(type) {
                types.append(type)
            }
        }
        return Capabilities(hostArch: arch, cpuModel: model, sockets: sockets, domainTypes: types)
    }

    // MARK: Networks

    /// The parts of a network definition `ensure(network:)` compares.
    struct NetworkShape: Equatable {
        var bridge: String?
        var address: String?
        var netmask: String?
        var forwards: Bool
        /// Number of `<ip>` elements (the driver manages exactly one).
        var ipCount: Int
        var hosts: [DHCPHost]
    }

    static func networkShape(_ xml: String) throws -> NetworkShape {
        let document = try document(xml)
        let hostNodes = (try? document.nodes(forXPath: "/network/ip/dhcp/host")) ?? []
        let hosts = hostNodes.compactMap { node -> DHCPHost? in
            guard let element = node as? XMLElement else { return nil }
            return DHCPHost(mac: element.attribute(forName: "mac")?.stringValue ?? "",
                            ip: element.attribute(forName: "ip")?.stringValue ?? "",
                            name: element.attribute(forName: "name")?.stringValue ?? "")
        }
        let ipNodes = (try? document.nodes(forXPath: "/network/ip")) ?? []
        return NetworkShape(
            bridge: string(document, "/network/bridge/@name"),
            address: string(document, "/network/ip/@address"),
            netmask: string(document, "/network/ip/@netmask"),
            forwards: (try? document.nodes(forXPath: "/network/forward"))?.isEmpty == false,
            ipCount: ipNodes.count,
            hosts: hosts)
    }

    /// The target path of a storage pool definition.
    static func poolTargetPath(_ xml: String) -> String? {
        guard let document = try? document(xml) else { return nil }
        return string(document, "/pool/target/path")
    }
}
