import CLibvirt
import Hypervisor

/// Raw host facts gathered in one blocking call.
struct HostFacts: Sendable {
    var hostName: String
    var nodeModel: String
    var nodeSockets: Int
    var cpus: Int
    var mhz: Int64
    var memoryKiB: Int64
    var hypervisorType: String
    var hypervisorVersion: String
    var libvirtVersion: String
    var capabilitiesXML: String
}

extension LibvirtDriver {
    public func fingerprint() async throws -> HostFingerprint {
        let facts = try await connection.run { conn -> HostFacts in
            let hostName = try Libvirt.take(virConnectGetHostname(conn), "cannot read host name")
            var info = virNodeInfo()
            try Libvirt.check(virNodeGetInfo(conn, &info), "cannot read node info")
            let model = String(cString: cumulo_node_info_model(&info))
            let type = String(cString: try Libvirt.check(virConnectGetType(conn), "cannot read hypervisor type"))
            var hvVersion: UInt = 0
            try Libvirt.check(virConnectGetVersion(conn, &hvVersion), "cannot read hypervisor version")
            var libVersion: UInt = 0
            try Libvirt.check(virConnectGetLibVersion(conn, &libVersion), "cannot read libvirt version")
            let capabilities = try Libvirt.take(virConnectGetCapabilities(conn), "cannot read capabilities")
            // Node info may count only part of the memory (seen on virtual machines); the host's own
            // memory statistics give the total the kernel manages, as /proc/meminfo does.
            var totalKiB: UInt64 = 0
            var freeKiB: UInt64 = 0
            var ignored = cumulo_error()
            let statsTotal = cumulo_node_memory_kib(conn, &totalKiB, &freeKiB, &ignored) == 0 ? Int64(totalKiB) : 0
            cumulo_error_clear(&ignored)
            return HostFacts(hostName: hostName, nodeModel: model, nodeSockets: Int(info.nodes) * Int(info.sockets),
                             cpus: Int(info.cpus), mhz: Int64(info.mhz), memoryKiB: max(Int64(info.memory), statsTotal),
                             hypervisorType: type, hypervisorVersion: Libvirt.formatVersion(hvVersion),
                             libvirtVersion: Libvirt.formatVersion(libVersion), capabilitiesXML: capabilities)
        }
        let capabilities = try XMLInspection.capabilities(facts.capabilitiesXML)
        var types: [String] = []
        if capabilities.domainTypes.contains("kvm"), try await kvmWorks() {
            types.append("kvm")
        }
        if capabilities.domainTypes.contains("qemu") {
            types.append("qemu")
        }
        types += capabilities.domainTypes.filter { $0 != "kvm" && $0 != "qemu" }
        return HostFingerprint(
            hostName: facts.hostName,
            cpuModel: capabilities.cpuModel ?? facts.nodeModel,
            cpuSockets: max(1, facts.nodeSockets),
            cpuCount: facts.cpus,
            cpuSpeedMHz: facts.mhz,
            memoryBytes: facts.memoryKiB * 1024,
            hypervisorType: facts.hypervisorType,
            hypervisorVersion: facts.hypervisorVersion,
            libvirtVersion: facts.libvirtVersion,
            domainTypes: types)
    }

    public func hostCounters() async throws -> HostCounters {
        let logger = self.logger
        return try await connection.run { conn -> HostCounters in
            var busy: UInt64 = 0
            var total: UInt64 = 0
            var raw = cumulo_error()
            if cumulo_node_cpu_times(conn, &busy, &total, &raw) < 0 {
                let error = LibvirtErrorMapping.make(raw, context: "cannot read host CPU times")
                cumulo_error_clear(&raw)
                logger.debug("host CPU counters unavailable", metadata: ["error": "\(error)"])
                busy = 0
                total = 0
            }
            var memoryTotalKiB: UInt64 = 0
            var memoryFreeKiB: UInt64 = 0
            if cumulo_node_memory_kib(conn, &memoryTotalKiB, &memoryFreeKiB, &raw) < 0 {
                let error = LibvirtErrorMapping.make(raw, context: "cannot read host memory")
                cumulo_error_clear(&raw)
                logger.debug("host memory counters unavailable; using node info", metadata: ["error": "\(error)"])
                var info = virNodeInfo()
                try Libvirt.check(virNodeGetInfo(conn, &info), "cannot read node info")
                memoryTotalKiB = UInt64(info.memory)
                memoryFreeKiB = 0
            }
            return HostCounters(cpuBusyNanoseconds: busy, cpuTotalNanoseconds: total,
                                memoryTotalBytes: Int64(memoryTotalKiB) * 1024, memoryFreeBytes: Int64(memoryFreeKiB) * 1024)
        }
    }
}
