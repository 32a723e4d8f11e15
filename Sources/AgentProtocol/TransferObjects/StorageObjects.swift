/// A primary storage pool as the agent needs to reach it.
public struct PoolSpec: Codable, Sendable, Equatable {
    /// The pool's id on the management server; the agent names its libvirt pool after it.
    public var poolId: String
    public var kind: PoolKind
    /// NFS server for `nfs`; empty otherwise.
    public var server: String
    /// Export path for `nfs`; a local directory for the others.
    public var path: String

    public init(poolId: String, kind: PoolKind, server: String, path: String) {
        self.poolId = poolId
        self.kind = kind
        self.server = server
        self.path = path
    }
}

/// How a pool is reached.
public enum PoolKind: String, Codable, Sendable, Equatable {
    /// An NFS export (`nfs://server/path`).
    case nfs
    /// A directory mounted alike on every host of the scope.
    case sharedMountPoint
    /// A directory on the host's own disks.
    case localDirectory
}

/// A volume to create on a pool.
public struct VolumeSpec: Codable, Sendable, Equatable {
    public var poolId: String
    public var name: String
    public var sizeBytes: Int64
    public var format: VolumeFormat
    /// A qcow2 overlay on this image (a template copy on the same pool), when set.
    public var backingVolume: String?
    /// When set, the volume is a full qcow2 copy of the image at this location: a local path or an
    /// `nfs://server/export/path/file` URL (a qcow2 or raw template on the image store). Its virtual size is
    /// the larger of `sizeBytes` and the image's. A volume of that name that exists already is reported as it
    /// is, without copying again; a copy appears under its name only once it is complete.
    public var sourceImage: String?
    /// The format `sourceImage` was registered with; the agent reads the image as that format only and refuses
    /// a file that is not in it. Nil (from an older server) lets qemu-img tell the format from the contents.
    public var sourceFormat: VolumeFormat?

    public init(poolId: String, name: String, sizeBytes: Int64, format: VolumeFormat = .qcow2, backingVolume: String? = nil,
                sourceImage: String? = nil, sourceFormat: VolumeFormat? = nil) {
        self.poolId = poolId
        self.name = name
        self.sizeBytes = sizeBytes
        self.format = format
        self.backingVolume = backingVolume
        self.sourceImage = sourceImage
        self.sourceFormat = sourceFormat
    }
}

/// On-disk format of a volume.
public enum VolumeFormat: String, Codable, Sendable, Equatable {
    case qcow2, raw
}
