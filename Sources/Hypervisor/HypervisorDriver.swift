/// A hypervisor as the agent drives it: libvirt on a real host, an in-memory simulator in tests.
/// Every call may block on the hypervisor; implementations keep that off Swift's cooperative pool.
public protocol HypervisorDriver: Sendable {
    /// The connection URI (`qemu:///system`, `test:///default`, `simulator://name`).
    var uri: String { get }

    // Host
    func fingerprint() async throws -> HostFingerprint
    /// Cumulative CPU and memory counters of the host, for utilisation over an interval.
    func hostCounters() async throws -> HostCounters

    // Domains
    /// Defines (or redefines) a persistent domain from a spec.
    func define(_ spec: DomainSpec) async throws
    func start(domain name: String) async throws
    /// Asks the guest to shut down (ACPI); returns at once.
    func shutdown(domain name: String) async throws
    /// Powers the domain off at once. Not an error when it is already off.
    func destroy(domain name: String) async throws
    /// Removes the domain's definition. Not an error when it does not exist.
    func undefine(domain name: String) async throws
    func reboot(domain name: String) async throws
    /// The domain's state, or nil when there is no such domain.
    func state(domain name: String) async throws -> DomainState?
    func list() async throws -> [DomainSummary]
    func stats(domain name: String) async throws -> DomainCounters
    /// Puts `media` into the domain's CD-ROM drive, or empties the drive when nil; live when it runs.
    func changeMedia(domain name: String, to media: DiskSourceLocation?) async throws
    /// Plugs `disk` into the domain: live and persistent when it runs, persistent only when it is off. Nothing
    /// changes when the same disk is there already; another device at its target is an error.
    func attachDisk(domain name: String, disk: DomainDisk) async throws
    /// Unplugs the hard disk at `target` (e.g. `vdb`), live and from the definition. Not an error when there is
    /// none. Fails when a running guest has not released the disk in time; it then stays in the running domain
    /// (but not in its definition) until the guest lets go, and calling again waits again.
    func detachDisk(domain name: String, target: String) async throws
    /// Lifecycle events of all domains, for as long as the driver lives.
    func events() -> AsyncStream<DomainEvent>

    // Networks
    /// Creates or updates an isolated bridge network with static DHCP reservations, and starts it.
    func ensure(network: NetworkSpec) async throws
    /// Stops and removes the network. Not an error when it does not exist.
    func remove(network name: String) async throws
    func listNetworks() async throws -> [String]

    // Storage pools and volumes
    /// Defines and starts a pool (idempotent) and returns its capacity.
    func ensure(pool: PoolDefinition) async throws -> PoolCapacity
    func refresh(pool name: String) async throws -> PoolCapacity
    /// Stops and undefines the pool; its data stays. Not an error when it does not exist.
    func remove(pool name: String) async throws
    func createVolume(pool: String, spec: VolumeDefinition) async throws -> VolumeInfo
    /// Creates volume `name` in the pool as a full qcow2 copy of the image at `source` (a local path or an
    /// `nfs://server/export/path/file` URL; qcow2 or raw), with a virtual size of at least `minimumCapacityBytes`.
    /// The copy is written under a temporary name and appears as `name` only once complete; the temporary is
    /// removed when the copy fails. A volume `name` that exists already is returned as it is, without copying.
    /// With a `format` (`qcow2` or `raw`, as the image was registered) the image is read as that format only.
    func copyImage(_ source: String, format: String?, pool: String, name: String, minimumCapacityBytes: Int64) async throws -> VolumeInfo
    func deleteVolume(pool: String, name: String) async throws
    func resizeVolume(pool: String, name: String, capacityBytes: Int64) async throws
    /// The volume, or nil when there is no such volume.
    func volume(pool: String, name: String) async throws -> VolumeInfo?
    func listVolumes(pool: String) async throws -> [VolumeInfo]
}

extension HypervisorDriver {
    /// `copyImage` of an image whose format is not known: qemu-img tells it from the contents.
    public func copyImage(_ source: String, pool: String, name: String, minimumCapacityBytes: Int64) async throws -> VolumeInfo {
        try await copyImage(source, format: nil, pool: pool, name: name, minimumCapacityBytes: minimumCapacityBytes)
    }
}
