import Hypervisor
import HypervisorSimulator

/// A small domain plugged into `network` when given.
func domainSpec(_ name: String, memoryMiB: Int = 512, network: String? = nil, cdrom: Bool = false) -> DomainSpec {
    var disks = [DomainDisk(device: .disk, source: .file(path: "/pool/\(name).qcow2"), format: "qcow2", target: "vda", bus: "virtio")]
    if cdrom {
        disks.append(DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide", readOnly: true))
    }
    return DomainSpec(name: name, uuid: "uuid-\(name)", domainType: "kvm", vcpus: 2, cpuShares: 2000, memoryMiB: memoryMiB,
                      disks: disks, interfaces: network.map { [DomainInterface(mac: "52:54:00:00:00:01", network: $0)] } ?? [])
}

/// Up to `count` elements of `stream`, giving up after `timeout`.
func first<Element: Sendable>(_ count: Int, of stream: AsyncStream<Element>, timeout: Duration = .seconds(2)) async -> [Element] {
    await withTaskGroup(of: [Element]?.self) { group in
        group.addTask {
            var collected: [Element] = []
            for await element in stream {
                collected.append(element)
                if collected.count == count { break }
            }
            return collected
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let result = await group.next() ?? nil
        group.cancelAll()
        return result ?? []
    }
}

/// The kind of a thrown hypervisor error, or nil when `body` does not throw one.
func errorKind(_ body: () async throws -> Void) async -> HypervisorError.Kind? {
    do {
        try await body()
        return nil
    } catch let error as HypervisorError {
        return error.kind
    } catch {
        return .failed
    }
}
