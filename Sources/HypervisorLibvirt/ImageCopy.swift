import CLibvirt
import Foundation
import Hypervisor

extension LibvirtDriver {
    /// Copies with `qemu-img` into the pool's target directory (a directory pool, or the mount point of a `netfs`
    /// pool) as `.<name>.partial-<random>`, then links the finished file to `name` and refreshes the pool.
    public func copyImage(_ source: String, format: String?, pool poolName: String, name: String, minimumCapacityBytes: Int64) async throws -> VolumeInfo {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw HypervisorError(.invalidArgument, "invalid volume name '\(name)'")
        }
        if let existing = try await volume(pool: poolName, name: name) {
            return existing
        }
        let directory = try await targetDirectory(pool: poolName)
        let final = directory + "/" + name
        let temporary = directory + "/.\(name).partial-\(UUID().uuidString.prefix(8).lowercased())"
        do {
            let size = try await qemuImg.copy(source, declaredFormat: format, to: temporary, minimumSizeBytes: minimumCapacityBytes)
            let published = try await connection.run { _ in try Self.publish(temporary, as: final) }
            logger.info(published ? "copied image into pool" : "image copied meanwhile by someone else; kept theirs",
                        metadata: ["pool": "\(poolName)", "volume": "\(name)", "source": "\(source)", "size": "\(size)"])
        } catch {
            try? await connection.run { _ in _ = unlink(temporary) }
            throw error
        }
        _ = try await refresh(pool: poolName)
        guard let info = try await volume(pool: poolName, name: name) else {
            throw HypervisorError(.noVolume, "volume '\(name)' is not in pool '\(poolName)' after copying it there")
        }
        return info
    }

    /// The directory an active pool keeps its volumes in.
    func targetDirectory(pool poolName: String) async throws -> String {
        try await connection.run { conn in
            try Libvirt.withPool(conn, poolName) { pool in
                if try Libvirt.check(virStoragePoolIsActive(pool), "cannot read state of storage pool '\(poolName)'") == 0 {
                    throw HypervisorError(.invalidOperation, "storage pool '\(poolName)' is not active")
                }
                let xml = try Libvirt.take(virStoragePoolGetXMLDesc(pool, 0), "cannot read storage pool '\(poolName)'")
                guard let path = XMLInspection.poolTargetPath(xml), path.hasPrefix("/") else {
                    throw HypervisorError(.invalidOperation, "storage pool '\(poolName)' has no target directory")
                }
                return path
            }
        }
    }

    /// Gives the finished copy its name and removes the temporary name. A hard link never replaces a file, so
    /// a volume that appeared meanwhile (another host copying into the same shared pool) wins and this copy is
    /// dropped; returns false then. File systems without hard links get a rename after a check instead.
    static func publish(_ temporary: String, as final: String) throws -> Bool {
        if link(temporary, final) == 0 {
            unlink(temporary)
            return true
        }
        let linkError = errno
        if linkError == EEXIST {
            unlink(temporary)
            return false
        }
        guard linkError == EPERM || linkError == ENOTSUP || linkError == EOPNOTSUPP || linkError == EMLINK else {
            throw HypervisorError(.failed, "cannot name the copy \(final): \(String(cString: strerror(linkError)))")
        }
        if access(final, F_OK) == 0 {
            unlink(temporary)
            return false
        }
        guard rename(temporary, final) == 0 else {
            throw HypervisorError(.failed, "cannot name the copy \(final): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
