/// The driver operations a test can slow down or make fail, one per `HypervisorDriver` method.
public enum SimulatedOperation: String, CaseIterable, Sendable {
    case fingerprint, hostCounters
    case define, start, shutdown, destroy, undefine, reboot, state, list, stats, changeMedia, attachDisk, detachDisk
    case ensureNetwork, removeNetwork, listNetworks
    case ensurePool, refreshPool, removePool
    case createVolume, copyImage, deleteVolume, resizeVolume, volume, listVolumes
}
