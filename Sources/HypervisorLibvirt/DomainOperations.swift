import CLibvirt
import Hypervisor

/// Maps `virDomainState` values onto `DomainState`.
enum LibvirtDomainState {
    static func map(_ state: Int32) -> DomainState {
        switch UInt32(bitPattern: state) {
        case VIR_DOMAIN_RUNNING.rawValue: .running
        case VIR_DOMAIN_BLOCKED.rawValue: .blocked
        case VIR_DOMAIN_PAUSED.rawValue: .paused
        case VIR_DOMAIN_SHUTDOWN.rawValue: .shuttingDown
        case VIR_DOMAIN_SHUTOFF.rawValue: .shutOff
        case VIR_DOMAIN_CRASHED.rawValue: .crashed
        case VIR_DOMAIN_PMSUSPENDED.rawValue: .suspended
        default: .unknown
        }
    }

    /// State of an open domain handle; runs inside a connection closure.
    static func of(_ domain: OpaquePointer, name: String) throws -> DomainState {
        var state: Int32 = 0
        var reason: Int32 = 0
        try Libvirt.check(virDomainGetState(domain, &state, &reason, 0), "cannot read state of domain '\(name)'")
        return map(state)
    }
}

extension LibvirtDriver {
    public func define(_ spec: DomainSpec) async throws {
        let xml = try templates.domainXML(spec)
        try await connection.run { conn in
            let domain = try Libvirt.check(virDomainDefineXML(conn, xml), "cannot define domain '\(spec.name)'")
            virDomainFree(domain)
        }
        logger.debug("defined domain", metadata: ["domain": "\(spec.name)"])
    }

    public func start(domain name: String) async throws {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                try Libvirt.check(virDomainCreate(domain), "cannot start domain '\(name)'")
            }
        }
    }

    public func shutdown(domain name: String) async throws {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                try Libvirt.check(virDomainShutdown(domain), "cannot shut down domain '\(name)'")
            }
        }
    }

    public func destroy(domain name: String) async throws {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                if virDomainDestroy(domain) < 0 {
                    let error = LibvirtErrorMapping.captureLast("cannot destroy domain '\(name)'")
                    // Not running (any more) is what the caller wants.
                    if error.kind == .invalidOperation, try !LibvirtDomainState.of(domain, name: name).isActive { return }
                    throw error
                }
            }
        }
    }

    public func undefine(domain name: String) async throws {
        try await connection.run { conn in
            _ = try Libvirt.withDomainIfExists(conn, name) { domain in
                let flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA.rawValue
                    | VIR_DOMAIN_UNDEFINE_NVRAM.rawValue | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA.rawValue
                if virDomainUndefineFlags(domain, flags) < 0 {
                    let error = LibvirtErrorMapping.captureLast("cannot undefine domain '\(name)'")
                    switch error.kind {
                    case .noDomain:
                        return
                    case .invalidOperation, .invalidArgument:
                        // Drivers without these flags (or a transient domain): fall back to the plain call.
                        if virDomainUndefine(domain) < 0 {
                            let plain = LibvirtErrorMapping.captureLast("cannot undefine domain '\(name)'")
                            if plain.kind == .noDomain { return }
                            throw plain
                        }
                    default:
                        throw error
                    }
                }
            }
        }
    }

    public func reboot(domain name: String) async throws {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                try Libvirt.check(virDomainReboot(domain, 0), "cannot reboot domain '\(name)'")
            }
        }
    }

    public func state(domain name: String) async throws -> DomainState? {
        try await connection.run { conn in
            try Libvirt.withDomainIfExists(conn, name) { domain in
                try LibvirtDomainState.of(domain, name: name)
            }
        }
    }

    /// One domain as `list()` reports it, looked up by name; nil when there is no such domain.
    public func summary(domain name: String) async throws -> DomainSummary? {
        try await connection.run { conn in
            try Libvirt.withDomainIfExists(conn, name) { domain in
                try Self.summary(of: domain)
            }
        }
    }

    public func list() async throws -> [DomainSummary] {
        try await connection.run { conn -> [DomainSummary] in
            var domains: UnsafeMutablePointer<OpaquePointer?>?
            let count = try Libvirt.check(virConnectListAllDomains(conn, &domains, 0), "cannot list domains")
            guard let domains else { return [] }
            defer {
                for index in 0..<Int(count) {
                    if let domain = domains[index] { virDomainFree(domain) }
                }
                free(domains)
            }
            var summaries: [DomainSummary] = []
            for index in 0..<Int(count) {
                guard let domain = domains[index] else { continue }
                do {
                    summaries.append(try Self.summary(of: domain))
                } catch let error as HypervisorError where error.kind == .noDomain {
                    continue // vanished while listing
                }
            }
            return summaries.sorted { $0.name < $1.name }
        }
    }

    static func summary(of domain: OpaquePointer) throws -> DomainSummary {
        let name = String(cString: try Libvirt.check(virDomainGetName(domain), "cannot read domain name"))
        let uuid = try Libvirt.uuidString(of: domain)
        let state = try LibvirtDomainState.of(domain, name: name)
        var vncPort: Int?
        if state.isActive, let raw = virDomainGetXMLDesc(domain, 0) {
            let xml = String(cString: raw)
            free(raw)
            vncPort = XMLInspection.vncPort(domainXML: xml)
        } else if state.isActive {
            _ = LibvirtErrorMapping.captureLast("domain XML")
        }
        return DomainSummary(name: name, uuid: uuid, state: state, vncPort: vncPort)
    }

    public func stats(domain name: String) async throws -> DomainCounters {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                var info = virDomainInfo()
                try Libvirt.check(virDomainGetInfo(domain, &info), "cannot read info of domain '\(name)'")
                var counters = DomainCounters(cpuTimeNanoseconds: UInt64(info.cpuTime), memoryBytes: Int64(info.memory) * 1024,
                                              vcpus: Int(info.nrVirtCpu), networkRxBytes: 0, networkTxBytes: 0,
                                              diskReadBytes: 0, diskWriteBytes: 0)
                guard LibvirtDomainState.map(Int32(info.state)).isActive else {
                    counters.memoryBytes = 0
                    return counters
                }
                let xml = try Libvirt.take(virDomainGetXMLDesc(domain, 0), "cannot read XML of domain '\(name)'")
                // Devices may be missing or unplugged at any moment: skip the ones without statistics.
                for device in XMLInspection.interfaceDevices(domainXML: xml) {
                    var stats = virDomainInterfaceStatsStruct()
                    if virDomainInterfaceStats(domain, device, &stats, MemoryLayout<virDomainInterfaceStatsStruct>.size) == 0 {
                        counters.networkRxBytes += max(0, stats.rx_bytes)
                        counters.networkTxBytes += max(0, stats.tx_bytes)
                    } else {
                        _ = LibvirtErrorMapping.captureLast("interface statistics")
                    }
                }
                for target in XMLInspection.diskTargets(domainXML: xml) {
                    var stats = virDomainBlockStatsStruct()
                    if virDomainBlockStats(domain, target, &stats, MemoryLayout<virDomainBlockStatsStruct>.size) == 0 {
                        counters.diskReadBytes += max(0, stats.rd_bytes)
                        counters.diskWriteBytes += max(0, stats.wr_bytes)
                    } else {
                        _ = LibvirtErrorMapping.captureLast("block statistics")
                    }
                }
                return counters
            }
        }
    }

    public func changeMedia(domain name: String, to media: DiskSourceLocation?) async throws {
        // In the first seconds of a boot the guest's firmware moves the tray too, and libvirt's idea of the tray
        // can lag behind QEMU's: QEMU then refuses with "Tray of device … is not open". The late tray event often
        // arrives within moments, so the (idempotent) change is tried again for a while; libvirt may also keep
        // the stale state until the guest next moves the tray, and then this still fails.
        let deadline = ContinuousClock.now + Self.mediaChangeRetryWindow
        while true {
            do {
                return try await changeMediaOnce(domain: name, to: media)
            } catch let error as HypervisorError where error.message.contains("is not open") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// How long a media change is tried again while the guest keeps closing the tray.
    static let mediaChangeRetryWindow: Duration = .seconds(10)

    private func changeMediaOnce(domain name: String, to media: DiskSourceLocation?) async throws {
        let templates = self.templates
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                let active = try LibvirtDomainState.of(domain, name: name).isActive
                let xml = try Libvirt.take(virDomainGetXMLDesc(domain, active ? 0 : VIR_DOMAIN_XML_INACTIVE.rawValue),
                                           "cannot read XML of domain '\(name)'")
                guard let drive = try XMLInspection.cdromDrives(domainXML: xml).first else {
                    throw HypervisorError(.invalidOperation, "domain '\(name)' has no CD-ROM drive")
                }
                let disk = DomainDisk(device: .cdrom, source: media, format: drive.format == "iso" ? "raw" : drive.format,
                                      target: drive.target, bus: drive.bus, readOnly: true)
                let deviceXML = try templates.diskXML(disk)
                var flags = VIR_DOMAIN_AFFECT_CONFIG.rawValue | VIR_DOMAIN_DEVICE_MODIFY_FORCE.rawValue
                if active { flags |= VIR_DOMAIN_AFFECT_LIVE.rawValue }
                try Libvirt.check(virDomainUpdateDeviceFlags(domain, deviceXML, flags),
                                  "cannot change the CD-ROM media of domain '\(name)'")
            }
        }
    }

    /// The domain's XML (live when running, else the persistent definition).
    func domainXML(name: String, inactive: Bool = false) async throws -> String {
        try await connection.run { conn in
            try Libvirt.withDomain(conn, name) { domain in
                try Libvirt.take(virDomainGetXMLDesc(domain, inactive ? VIR_DOMAIN_XML_INACTIVE.rawValue : 0),
                                 "cannot read XML of domain '\(name)'")
            }
        }
    }
}
