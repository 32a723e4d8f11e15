import DomainModel

/// The decisions of the volume workflows that need no database: names, sizes, device ids, which VM
/// states allow what, and which pools a VM's hosts reach. Each refusal is a `DomainError` naming the
/// volume or VM.
enum VolumeRules {
    /// The highest device id a data disk takes (`Volume.nextDataDeviceId`'s bound).
    static let maxDataDeviceId = 15
    /// CloudStack's limit on a volume name.
    static let maxNameLength = 255

    /// The name of a new volume: the one given (trimmed), or `DATA-` and the start of its id.
    static func name(_ requested: String?, volumeId: String) throws -> String {
        let name = requested?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if name.isEmpty { return "DATA-" + volumeId.prefix(8) }
        guard name.count <= maxNameLength else {
            throw DomainError.invalidParameter("A volume name may have at most \(maxNameLength) characters; \(name.prefix(20))… has \(name.count)")
        }
        return name
    }

    /// The size of a new volume of `offering`: the offering's, or `sizeGB` for a custom offering.
    static func sizeBytes(of offering: DiskOffering, sizeGB: Int64?) throws -> Int64 {
        if offering.isCustomized {
            guard let sizeGB else {
                throw DomainError.invalidParameter("Disk offering \(offering.name) has a custom size: give size in GB")
            }
            return try bytes(customGB: sizeGB)
        }
        if let sizeGB, sizeGB != offering.diskSize {
            throw DomainError.invalidParameter(
                "Disk offering \(offering.name) has a fixed size of \(offering.diskSize) GB; leave out size (\(sizeGB) GB) or choose a custom offering")
        }
        guard offering.diskSize > 0 else {
            throw DomainError.invalidParameter("Disk offering \(offering.name) has no size")
        }
        return offering.diskSize * CapacityUnits.gibibyte
    }

    /// A custom size in GB, within the sizes offerings may have.
    static func bytes(customGB: Int64) throws -> Int64 {
        let limits = OfferingLimits.diskSize
        guard limits.contains(customGB) else {
            throw DomainError.invalidParameter("The size must be between \(limits.lowerBound) and \(limits.upperBound) GB; \(customGB) GB was given")
        }
        return customGB * CapacityUnits.gibibyte
    }

    /// The size `resizeVolume` asks for. With a new offering: its fixed size, or `sizeGB` when it is custom.
    /// With `sizeGB` alone: a data disk's current offering must be custom (as in CloudStack); a ROOT disk
    /// takes any size. Shrinking needs `shrinkOK`, never applies to ROOT disks, and is refused for a volume
    /// that has a file, since hosts can only grow files.
    static func resizedBytes(of volume: Volume, currentOffering: DiskOffering?, newOffering: DiskOffering?, sizeGB: Int64?,
                             shrinkOK: Bool) throws -> Int64 {
        let bytes: Int64
        if let newOffering {
            guard volume.type == .dataDisk else {
                throw DomainError.invalidParameter("Volume \(volume.name) is a ROOT volume: give its new size (size), not a disk offering")
            }
            bytes = try sizeBytes(of: newOffering, sizeGB: sizeGB)
        } else if let sizeGB {
            if volume.type == .dataDisk, let currentOffering, !currentOffering.isCustomized {
                throw DomainError.invalidParameter(
                    "Volume \(volume.name) has disk offering \(currentOffering.name) of a fixed size: to change its size, give a new disk offering (diskofferingid)")
            }
            bytes = try self.bytes(customGB: sizeGB)
        } else {
            throw DomainError.invalidParameter("Give a new disk offering (diskofferingid) or size to resize volume \(volume.name)")
        }
        if bytes < volume.sizeBytes {
            let change = "from \(CapacityUnits.size(volume.sizeBytes)) to \(CapacityUnits.size(bytes))"
            guard volume.type == .dataDisk else {
                throw DomainError.invalidParameter("Volume \(volume.name) is a ROOT volume and cannot be shrunk \(change)")
            }
            guard volume.path == nil else {
                throw DomainError.invalidParameter("Volume \(volume.name) has a file on its pool, which can only grow: it cannot be shrunk \(change)")
            }
            guard shrinkOK else {
                throw DomainError.invalidParameter("Shrinking volume \(volume.name) \(change) can lose data: confirm with shrinkok=true")
            }
        }
        return bytes
    }

    /// The device id of a data disk attached to a VM whose volumes hold `used`: `requested` when it is
    /// free and neither ROOT's (0) nor the CD-ROM's, else the lowest free one.
    static func deviceId(requested: Int?, used: [Int], volumeName: String, vmName: String) throws -> Int {
        guard let requested else {
            guard let next = Volume.nextDataDeviceId(used: used, maxDeviceId: maxDataDeviceId) else {
                throw DomainError.invalidState("VM \(vmName) has no free device id for volume \(volumeName): it has as many data disks as it can take")
            }
            return next
        }
        guard requested != 0 else {
            throw DomainError.invalidParameter("Device id 0 is the ROOT volume's; choose another for volume \(volumeName)")
        }
        guard requested != Volume.cdromDeviceId else {
            throw DomainError.invalidParameter("Device id \(Volume.cdromDeviceId) is the CD-ROM drive's; choose another for volume \(volumeName)")
        }
        guard (1...maxDataDeviceId).contains(requested) else {
            throw DomainError.invalidParameter("The device id must be between 1 and \(maxDataDeviceId); \(requested) was given")
        }
        guard !used.contains(requested) else {
            throw DomainError.invalidParameter("VM \(vmName) already has a volume at device id \(requested)")
        }
        return requested
    }

    /// A volume is attached to a Running VM (hot-plugged) or a Stopped one (recorded for its next start).
    static func checkAttach(to vm: VirtualMachine, volumeName: String) throws {
        guard vm.state == .running || vm.state == .stopped else {
            throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); volume \(volumeName) can be attached when it is Running or Stopped")
        }
    }

    /// A volume is detached from a Running VM (unplugged) or from one that has no domain: Stopped, Destroyed or Error.
    static func checkDetach(from vm: VirtualMachine, volumeName: String) throws {
        guard [.running, .stopped, .destroyed, .error].contains(vm.state) else {
            throw DomainError.invalidState(
                "VM \(vm.name) is \(vm.state.rawValue); volume \(volumeName) can be detached when it is Running, Stopped or Destroyed")
        }
    }

    /// A volume attached to a VM is resized only while the VM has no domain: hosts resize the file, which a
    /// running guest would not see and could be harmed by.
    static func checkResize(attachedTo vm: VirtualMachine, volumeName: String) throws {
        if vm.state == .running {
            throw DomainError.invalidState(
                "Volume \(volumeName) is attached to VM \(vm.name), which is Running: stop the VM or detach the volume before resizing it")
        }
        guard [.stopped, .destroyed, .error].contains(vm.state) else {
            throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); resize volume \(volumeName) when the VM is Stopped")
        }
    }

    /// Whether the hosts a VM is placed on reach `pool`. The planner keeps a VM on hosts reaching `anchor`,
    /// the pool of its first volume that has one (its ROOT's once it ran); with no anchor yet, any pool does.
    /// A zone-wide pool is reached from every host of its zone, a cluster's pool only from that cluster.
    static func reaches(_ pool: StoragePool, anchor: StoragePool?) -> Bool {
        guard let anchor, anchor.id != pool.id else { return true }
        guard pool.zoneId == anchor.zoneId else { return false }
        if pool.scope.uppercased() == "ZONE" { return true }
        return anchor.scope.uppercased() == "CLUSTER" && anchor.clusterId != nil && anchor.clusterId == pool.clusterId
    }

    /// Offerings limited to some zones are used only there.
    static func checkZone(of offering: DiskOffering, zone: Zone) throws {
        guard offering.isOffered(inZone: zone.id) else {
            throw DomainError.invalidParameter("Disk offering \(offering.name) is not offered in zone \(zone.name)")
        }
    }
}
