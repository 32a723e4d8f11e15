import CLibvirt
import Hypervisor

extension LibvirtDriver {
    public func attachDisk(domain name: String, disk: DomainDisk) async throws {
        let deviceXML = try templates.diskXML(disk)
        let target = disk.target
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                let active = try LibvirtDomainState.of(domain, name: name).isActive
                let persistent = try Self.device(at: target, of: domain, name: name, live: false)
                let live = active ? try Self.device(at: target, of: domain, name: name, live: true) : nil
                for present in [persistent, live].compactMap({ $0 })
                where present.device != disk.device.rawValue || present.source != disk.source {
                    throw HypervisorError(.invalidOperation, "domain '\(name)' has another device at \(target)")
                }
                // Plug in only where the disk is missing, so a repeated or half-finished attach completes.
                var flags: UInt32 = 0
                if persistent == nil { flags |= VIR_DOMAIN_AFFECT_CONFIG.rawValue }
                if active && live == nil { flags |= VIR_DOMAIN_AFFECT_LIVE.rawValue }
                guard flags != 0 else { return }
                try Libvirt.check(virDomainAttachDeviceFlags(domain, deviceXML, flags),
                                  "cannot attach disk \(target) to domain '\(name)'")
            }
        }
        logger.debug("attached disk", metadata: ["domain": "\(name)", "target": "\(target)"])
    }

    public func detachDisk(domain name: String, target: String) async throws {
        // Live first: when the guest refuses at once, the definition still holds the disk.
        let unplugging: Bool = try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                let active = try LibvirtDomainState.of(domain, name: name).isActive
                let live = active ? try Self.device(at: target, of: domain, name: name, live: true) : nil
                let persistent = try Self.device(at: target, of: domain, name: name, live: false)
                if let live, live.device == "disk" {
                    // Returns once the guest released the disk, or after libvirt's own wait of a few seconds.
                    try Libvirt.check(virDomainDetachDeviceFlags(domain, live.xml, VIR_DOMAIN_AFFECT_LIVE.rawValue),
                                      "cannot detach disk \(target) from domain '\(name)'")
                }
                if let persistent, persistent.device == "disk" {
                    try Libvirt.check(virDomainDetachDeviceFlags(domain, persistent.xml, VIR_DOMAIN_AFFECT_CONFIG.rawValue),
                                      "cannot detach disk \(target) from the definition of domain '\(name)'")
                }
                return live?.device == "disk"
            }
        }
        guard unplugging else { return }
        let deadline = ContinuousClock.now + diskRemovalTimeout
        while try await liveDiskPresent(domain: name, target: target) {
            if ContinuousClock.now >= deadline {
                throw HypervisorError(.failed, "the guest of domain '\(name)' has not released disk \(target); it stays "
                    + "attached until the guest lets go of it (the domain's definition no longer has it)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        logger.debug("detached disk", metadata: ["domain": "\(name)", "target": "\(target)"])
    }

    /// True while the running domain still has a hard disk at `target`.
    private func liveDiskPresent(domain name: String, target: String) async throws -> Bool {
        try await connection.run { conn in
            let present = try Libvirt.withDomainIfExists(conn, name) { domain -> Bool in
                guard try LibvirtDomainState.of(domain, name: name).isActive else { return false }
                return try Self.device(at: target, of: domain, name: name, live: true)?.device == "disk"
            }
            return present ?? false
        }
    }

    /// The device at `target` in the live XML or the persistent definition; runs inside a connection closure.
    private static func device(at target: String, of domain: OpaquePointer, name: String, live: Bool) throws -> XMLInspection.DiskDevice? {
        let xml = try Libvirt.take(virDomainGetXMLDesc(domain, live ? 0 : VIR_DOMAIN_XML_INACTIVE.rawValue),
                                   "cannot read XML of domain '\(name)'")
        return try XMLInspection.disk(target: target, domainXML: xml)
    }
}
