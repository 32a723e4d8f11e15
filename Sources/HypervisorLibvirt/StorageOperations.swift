import CLibvirt
import Foundation
import Hypervisor

extension LibvirtDriver {
    public func ensure(pool definition: PoolDefinition) async throws -> PoolCapacity {
        let xml = try templates.poolXML(definition)
        let name = definition.name
        let targetPath: String
        switch definition.kind {
        case .directory(let path): targetPath = path
        case .netfs(_, _, let mountPoint): targetPath = mountPoint
        }
        return try await connection.run { conn in
            let pool: OpaquePointer
            if let existing = virStoragePoolLookupByName(conn, name) {
                pool = existing
            } else {
                let error = LibvirtErrorMapping.captureLast("storage pool '\(name)'")
                guard error.kind == .noPool else { throw error }
                pool = try Libvirt.check(virStoragePoolDefineXML(conn, xml, 0), "cannot define storage pool '\(name)'")
            }
            defer { virStoragePoolFree(pool) }
            if try Libvirt.check(virStoragePoolIsActive(pool), "cannot read state of storage pool '\(name)'") == 0 {
                // Building a dir pool creates its directory; a netfs pool, its mount point.
                if !FileManager.default.fileExists(atPath: targetPath) {
                    try Libvirt.check(virStoragePoolBuild(pool, 0), "cannot build storage pool '\(name)'")
                }
                try Libvirt.check(virStoragePoolCreate(pool, 0), "cannot start storage pool '\(name)'")
            }
            try Libvirt.check(virStoragePoolSetAutostart(pool, 1), "cannot set autostart of storage pool '\(name)'")
            return try Self.refreshAndMeasure(pool, name: name)
        }
    }

    private static func refreshAndMeasure(_ pool: OpaquePointer, name: String) throws -> PoolCapacity {
        try Libvirt.check(virStoragePoolRefresh(pool, 0), "cannot refresh storage pool '\(name)'")
        var info = virStoragePoolInfo()
        try Libvirt.check(virStoragePoolGetInfo(pool, &info), "cannot read storage pool '\(name)'")
        return PoolCapacity(capacityBytes: Int64(clamping: info.capacity), allocationBytes: Int64(clamping: info.allocation),
                            availableBytes: Int64(clamping: info.available))
    }

    public func refresh(pool name: String) async throws -> PoolCapacity {
        try await connection.run { conn in
            try Libvirt.withPool(conn, name) { pool in
                try Self.refreshAndMeasure(pool, name: name)
            }
        }
    }

    public func remove(pool name: String) async throws {
        try await connection.run { conn in
            _ = try Libvirt.withPoolIfExists(conn, name) { pool in
                if try Libvirt.check(virStoragePoolIsActive(pool), "cannot read state of storage pool '\(name)'") == 1 {
                    // Stops the pool (unmounts a netfs pool); the data stays.
                    try Libvirt.check(virStoragePoolDestroy(pool), "cannot stop storage pool '\(name)'")
                }
                if virStoragePoolUndefine(pool) < 0 {
                    let error = LibvirtErrorMapping.captureLast("cannot undefine storage pool '\(name)'")
                    if error.kind != .noPool { throw error }
                }
            }
        }
    }

    public func createVolume(pool poolName: String, spec: VolumeDefinition) async throws -> VolumeInfo {
        let xml = try templates.volumeXML(spec)
        return try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                let volume = try Libvirt.check(virStorageVolCreateXML(pool, xml, 0),
                                               "cannot create volume '\(spec.name)' in pool '\(poolName)'")
                defer { virStorageVolFree(volume) }
                return try Self.info(of: volume, name: spec.name)
            }
        }
    }

    static func info(of volume: OpaquePointer, name: String) throws -> VolumeInfo {
        var info = virStorageVolInfo()
        try Libvirt.check(virStorageVolGetInfo(volume, &info), "cannot read volume '\(name)'")
        let path = try Libvirt.take(virStorageVolGetPath(volume), "cannot read path of volume '\(name)'")
        return VolumeInfo(name: name, path: path, capacityBytes: Int64(clamping: info.capacity),
                          allocationBytes: Int64(clamping: info.allocation))
    }

    public func deleteVolume(pool poolName: String, name: String) async throws {
        try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                try Libvirt.withVolume(pool, name, poolName: poolName) { volume in
                    try Libvirt.check(virStorageVolDelete(volume, 0), "cannot delete volume '\(name)' in pool '\(poolName)'")
                }
            }
        }
    }

    public func resizeVolume(pool poolName: String, name: String, capacityBytes: Int64) async throws {
        guard capacityBytes > 0 else {
            throw HypervisorError(.invalidArgument, "invalid capacity \(capacityBytes) for volume '\(name)'")
        }
        try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                try Libvirt.withVolume(pool, name, poolName: poolName) { volume in
                    var info = virStorageVolInfo()
                    try Libvirt.check(virStorageVolGetInfo(volume, &info), "cannot read volume '\(name)'")
                    if UInt64(capacityBytes) < info.capacity {
                        throw HypervisorError(.invalidArgument,
                                              "cannot shrink volume '\(name)' from \(info.capacity) to \(capacityBytes) bytes")
                    }
                    try Libvirt.check(virStorageVolResize(volume, UInt64(capacityBytes), 0),
                                      "cannot resize volume '\(name)' in pool '\(poolName)'")
                }
            }
        }
    }

    public func volume(pool poolName: String, name: String) async throws -> VolumeInfo? {
        try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                guard let volume = virStorageVolLookupByName(pool, name) else {
                    let error = LibvirtErrorMapping.captureLast("volume '\(name)' in pool '\(poolName)'")
                    if error.kind == .noVolume { return nil }
                    throw error
                }
                defer { virStorageVolFree(volume) }
                return try Self.info(of: volume, name: name)
            }
        }
    }

    public func listVolumes(pool poolName: String) async throws -> [VolumeInfo] {
        try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                var volumes: UnsafeMutablePointer<OpaquePointer?>?
                let count = try Libvirt.check(virStoragePoolListAllVolumes(pool, &volumes, 0), "cannot list volumes of pool '\(poolName)'")
                guard let volumes else { return [] }
                defer {
                    for index in 0..<Int(count) {
                        if let volume = volumes[index] { virStorageVolFree(volume) }
                    }
                    free(volumes)
                }
                var result: [VolumeInfo] = []
                for index in 0..<Int(count) {
                    guard let volume = volumes[index], let rawName = virStorageVolGetName(volume) else { continue }
                    result.append(try Self.info(of: volume, name: String(cString: rawName)))
                }
                return result.sorted { $0.name < $1.name }
            }
        }
    }
}
