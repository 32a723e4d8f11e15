import Hypervisor

// Values the templates read (by property name, through reflection). Property names must stay unique across
// nested contexts: mustache looks a missing or nil name up in the enclosing contexts.

struct DomainTemplateContext {
    var domainType: String
    var name: String
    var uuid: String
    var description: String
    var memoryMiB: Int
    var vcpus: Int
    var cpuShares: Int
    var bootDevices: [String]
    var disks: [DiskTemplateContext]
    var interfaces: [InterfaceTemplateContext]
    var vncOnLoopback: Bool
    var videoModel: String

    init(_ spec: DomainSpec) {
        domainType = spec.domainType
        name = spec.name
        uuid = spec.uuid
        description = spec.description
        memoryMiB = spec.memoryMiB
        vcpus = spec.vcpus
        cpuShares = spec.cpuShares
        bootDevices = spec.bootOrder
        disks = spec.disks.map(DiskTemplateContext.init)
        interfaces = spec.interfaces.map(InterfaceTemplateContext.init)
        vncOnLoopback = spec.vncOnLoopback
        videoModel = "cirrus"
    }
}

struct DiskTemplateContext {
    struct NFSSource {
        var server: String
        var path: String
    }

    var device: String
    var format: String
    var target: String
    var bus: String
    var readOnly: Bool
    var filePath: String?
    var nfs: NFSSource?
    /// A CD-ROM drive without media.
    var empty: Bool

    init(_ disk: DomainDisk) {
        device = disk.device.rawValue
        format = disk.format
        target = disk.target
        bus = disk.bus
        readOnly = disk.readOnly || disk.device == .cdrom
        switch disk.source {
        case .file(let path)?:
            filePath = path
            empty = false
        case .nfs(let server, let path)?:
            nfs = NFSSource(server: server, path: path)
            empty = false
        case nil:
            empty = true
        }
    }
}

struct InterfaceTemplateContext {
    var network: String
    var mac: String
    var model: String

    init(_ interface: DomainInterface) {
        network = interface.network
        mac = interface.mac
        model = interface.model
    }
}

struct NetworkTemplateContext {
    var name: String
    var bridge: String
    var address: String
    var netmask: String
    var hosts: [DHCPHostTemplateContext]

    init(_ spec: NetworkSpec) {
        name = spec.name
        bridge = spec.bridge
        address = spec.address
        netmask = spec.netmask
        hosts = spec.hosts.map(DHCPHostTemplateContext.init)
    }
}

struct DHCPHostTemplateContext {
    var mac: String
    var ip: String
    var name: String

    init(_ host: DHCPHost) {
        mac = host.mac
        ip = host.ip
        name = host.name
    }
}

struct DirPoolTemplateContext {
    var name: String
    var path: String
}

struct NetfsPoolTemplateContext {
    var name: String
    var server: String
    var exportPath: String
    var mountPoint: String
}

struct VolumeTemplateContext {
    struct Backing {
        var backingPath: String
        var backingFormat: String?
    }

    var name: String
    var capacityBytes: Int64
    var format: String
    var backing: Backing?

    init(_ volume: VolumeDefinition) {
        name = volume.name
        capacityBytes = volume.capacityBytes
        format = volume.format
        backing = volume.backingPath.map { Backing(backingPath: $0, backingFormat: volume.backingFormat) }
    }
}
