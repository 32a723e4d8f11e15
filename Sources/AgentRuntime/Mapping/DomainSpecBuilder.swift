import AgentProtocol
import Hypervisor

/// Turns the server's VM description into a domain definition with every device resolved.
struct DomainSpecBuilder: Sendable {
    let resolver: DiskSourceResolver
    let domainType: String

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// Targets of CD-ROM drives on the IDE bus, in the order drives take them; the config drive takes the last.
    static let cdromTargets = ["hdc", "hdd"]

    /// - Parameter configDrive: Path of the VM's config-drive image, attached read-only as the last CD-ROM.
    func build(_ vm: VMSpec, configDrive: String?) async throws -> DomainSpec {
        var disks: [DomainDisk] = []
        let hardDisks = vm.disks.filter { $0.kind == .disk }.sorted { $0.deviceId < $1.deviceId }
        for (disk, next) in zip(hardDisks, hardDisks.dropFirst()) where disk.deviceId == next.deviceId {
            throw Invalid(description: "two disks have device id \(disk.deviceId)")
        }
        for disk in hardDisks {
            disks.append(try await Self.hardDisk(disk, resolver: resolver))
        }
        let cdroms = vm.disks.filter { $0.kind == .cdrom }.sorted { $0.deviceId < $1.deviceId }
        let free = configDrive == nil ? Self.cdromTargets : Array(Self.cdromTargets.dropLast())
        guard cdroms.count <= free.count else {
            throw Invalid(description: "\(cdroms.count) CD-ROM drives requested, at most \(free.count) fit besides the config drive")
        }
        for (cdrom, target) in zip(cdroms, free) {
            var location: DiskSourceLocation?
            if let source = cdrom.source { location = try await resolver.location(of: source) }
            disks.append(DomainDisk(device: .cdrom, source: location, format: "raw", target: target, bus: "ide", readOnly: true))
        }
        if let configDrive, let target = Self.cdromTargets.last {
            disks.append(DomainDisk(device: .cdrom, source: .file(path: configDrive), format: "raw", target: target, bus: "ide", readOnly: true))
        }
        let interfaces = vm.nics.sorted { $0.deviceId < $1.deviceId }
            .map { DomainInterface(mac: $0.mac, network: LibvirtNames.network($0.networkId)) }
        var boot: [String] = []
        for device in vm.bootOrder {
            let name = switch device {
            case .cdrom: "cdrom"
            case .disk: "hd"
            case .network: "network"
            }
            if !boot.contains(name) { boot.append(name) }
        }
        return DomainSpec(name: vm.name, uuid: vm.uuid, domainType: domainType, vcpus: vm.vcpus,
                          cpuShares: max(2, vm.cpuSpeedMHz * vm.vcpus), memoryMiB: vm.memoryMiB,
                          disks: disks, interfaces: interfaces, bootOrder: boot.isEmpty ? ["hd"] : boot,
                          vncOnLoopback: true, description: "cumulo VM \(vm.hostName)")
    }

    /// A hard disk with its source resolved, on the virtio bus at the target of its device id: a disk keeps its
    /// target whatever other disks come and go, so hot-plugging and unplugging find it there.
    static func hardDisk(_ disk: DiskSpec, resolver: DiskSourceResolver) async throws -> DomainDisk {
        guard disk.kind == .disk else {
            throw Invalid(description: "device \(disk.deviceId) is a CD-ROM drive, not a disk")
        }
        guard let source = disk.source else {
            throw Invalid(description: "disk \(disk.deviceId) has no source")
        }
        let target = try Self.diskTarget(deviceId: disk.deviceId)
        let format: String = switch source {
        case .volume: "qcow2"
        case .image(let location): DiskSourceResolver.imageFormat(location)
        }
        return DomainDisk(device: .disk, source: try await resolver.location(of: source), format: format,
                          target: target, bus: "virtio", readOnly: disk.readOnly)
    }

    /// The target of the hard disk with device id `deviceId`: `vda` for 0, `vdb` for 1, …
    static func diskTarget(deviceId: Int) throws -> String {
        guard (0..<maximumDiskDeviceId).contains(deviceId) else {
            throw Invalid(description: "disk device id \(deviceId) is outside 0...\(maximumDiskDeviceId - 1)")
        }
        return virtioTarget(deviceId)
    }

    /// Device ids of hard disks stay below this (`vda` … `vdzz`, far more than a guest's PCI slots).
    static let maximumDiskDeviceId = 26 * 27

    /// `vda`, `vdb`, … `vdz`, `vdaa`, … as Linux names virtio disks.
    static func virtioTarget(_ index: Int) -> String {
        var letters = ""
        var value = index
        repeat {
            letters = String(UnicodeScalar(UInt8(97 + value % 26))) + letters
            value = value / 26 - 1
        } while value >= 0
        return "vd" + letters
    }
}
