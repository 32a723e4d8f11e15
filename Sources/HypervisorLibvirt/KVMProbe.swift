import AsyncCoordination
import CLibvirt
import Foundation
import Hypervisor
import Synchronization

/// Checks that KVM really runs guest code on this host, not only that `/dev/kvm` exists.
///
/// Some nested set-ups expose `/dev/kvm` but cannot execute all guest code: on such hosts SeaBIOS may get
/// as far as "no bootable device", yet the first boot loader that returns from an interrupt in 32-bit
/// protected mode (isolinux does) stops the guest with a KVM internal error. A domain that merely stays
/// "running" for a moment therefore proves little. The probe boots a tiny multiboot image (below) in a
/// transient 32 MiB kvm domain: it installs an interrupt gate, raises the interrupt, returns with `iret`
/// and then powers the machine off through the ACPI PM1a control port. KVM is accepted only when the
/// domain powers itself off; a paused or crashed domain, or one still running after the timeout, means no.
enum KVMProbe {
    static let timeout: Duration = .seconds(12)
    static let pollInterval: Duration = .milliseconds(100)

    /// Multiboot image, loaded at 1 MiB (a.out-kludge header, so no ELF is needed):
    ///
    ///     header:  magic 0x1BADB002, flags 0x00010000, checksum, header/load address 0x100000,
    ///              load end 0 (whole file), bss end 0, entry 0x100020
    ///     entry:   cli
    ///              mov  $0x80000, %esp
    ///              mov  %cs, %ax
    ///              mov  $idt+48*8, %edi          ; build an interrupt gate for vector 0x30
    ///              mov  $handler, %ebx
    ///              mov  %bx, (%edi)
    ///              mov  %ax, 2(%edi)
    ///              movw $0x8e00, 4(%edi)
    ///              shr  $16, %ebx
    ///              mov  %bx, 6(%edi)
    ///              lidt idtr
    ///              int  $0x30                    ; handler returns with iret
    ///              mov  $0x604, %dx              ; PM1a control (i440fx and q35)
    ///              mov  $0x2000, %ax             ; SLP_EN, sleep type 0: soft power off
    ///              out  %ax, %dx
    ///     halt:    hlt ; jmp halt
    ///     handler: iret
    ///     idtr:    limit 49*8-1, base idt
    ///     idt:     49 zeroed gates
    static let image: [UInt8] = {
        let code: [UInt8] = [
            0x02, 0xb0, 0xad, 0x1b, 0x00, 0x00, 0x01, 0x00, 0xfe, 0x4f, 0x51, 0xe4,
            0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x10, 0x00, 0xfa, 0xbc, 0x00, 0x00,
            0x08, 0x00, 0x66, 0x8c, 0xc8, 0xbf, 0xe8, 0x01, 0x10, 0x00, 0xbb, 0x5d,
            0x00, 0x10, 0x00, 0x66, 0x89, 0x1f, 0x66, 0x89, 0x47, 0x02, 0x66, 0xc7,
            0x47, 0x04, 0x00, 0x8e, 0xc1, 0xeb, 0x10, 0x66, 0x89, 0x5f, 0x06, 0x0f,
            0x01, 0x1d, 0x60, 0x00, 0x10, 0x00, 0xcd, 0x30, 0x66, 0xba, 0x04, 0x06,
            0x66, 0xb8, 0x00, 0x20, 0x66, 0xef, 0xf4, 0xeb, 0xfd, 0xcf, 0x66, 0x90,
            0x87, 0x01, 0x68, 0x00, 0x10, 0x00, 0x66, 0x90,
        ]
        return code + [UInt8](repeating: 0, count: 49 * 8)
    }()

    /// Name of the transient probe domain. Fixed, so repeated probes reuse one qemu log file on the host.
    static let domainName = "cumulo-kvm-probe"

    /// Probes run one at a time in the process (they share the domain name).
    static let oneAtATime = AsyncLock()

    struct Context {
        var name: String
        var kernelPath: String
    }

    /// What one poll saw.
    enum Observation: Sendable {
        case poweredOff, stillRunning, stopped(String)
    }
}

extension LibvirtDriver {
    /// Whether kvm domains really run here: probed once per driver, and concurrent callers share the probe.
    /// Throws only `CancellationError`; a probe cut short that way is not remembered.
    func kvmWorks() async throws -> Bool {
        if let known = kvmProbeResult.withLock({ $0 }) { return known }
        return try await kvmProbe.run(KVMProbe.domainName) {
            // A probe that ended between the look above and this run left its answer.
            if let known = kvmProbeResult.withLock({ $0 }) { return known }
            let works = try await KVMProbe.oneAtATime.withLock { try await runKVMProbe() }
            kvmProbeResult.withLock { $0 = works }
            return works
        }
    }

    private func runKVMProbe() async throws -> Bool {
        let name = KVMProbe.domainName
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kernel = directory.appendingPathComponent("probe.bin")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
            try Data(KVMProbe.image).write(to: kernel)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: kernel.path)
            let xml = try templates.render("kvm-probe", KVMProbe.Context(name: name, kernelPath: kernel.path))
            // Another process may be probing right now: wait for its (transient) probe domain to go away.
            do {
                if try await !waitUntilProbeDomainIsGone() {
                    logger.debug("another KVM probe domain is still there; probing anyway", metadata: ["timeout": "\(KVMProbe.timeout)"])
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.debug("cannot tell whether another KVM probe runs; probing anyway", metadata: ["error": "\(error)"])
            }
            let uuid = try await connection.run { conn -> String in
                // AUTODESTROY: libvirt removes the domain if this connection goes away mid-probe.
                let domain = try Libvirt.check(virDomainCreateXML(conn, xml, VIR_DOMAIN_START_AUTODESTROY.rawValue),
                                               "cannot start the KVM probe domain")
                defer { virDomainFree(domain) }
                return try Libvirt.uuidString(of: domain)
            }
            let result: KVMProbe.Observation
            do {
                result = try await watchProbe(uuid: uuid)
            } catch {
                await destroyProbe(uuid: uuid)
                throw error
            }
            await destroyProbe(uuid: uuid)
            switch result {
            case .poweredOff:
                logger.info("KVM probe passed: kvm domains run on this host")
                return true
            case .stillRunning:
                logger.warning("KVM probe did not finish in time; not offering kvm", metadata: ["timeout": "\(KVMProbe.timeout)"])
                return false
            case .stopped(let state):
                logger.warning("KVM probe failed: the probe domain stopped executing; not offering kvm", metadata: ["state": "\(state)"])
                return false
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            logger.warning("KVM probe could not run; not offering kvm", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func waitUntilProbeDomainIsGone() async throws -> Bool {
        let deadline = ContinuousClock.now + KVMProbe.timeout
        while ContinuousClock.now < deadline {
            let exists = try await connection.run { conn -> Bool in
                try Libvirt.withDomainIfExists(conn, KVMProbe.domainName) { _ in true } ?? false
            }
            if !exists { return true }
            try await Task.sleep(for: KVMProbe.pollInterval)
        }
        return false
    }

    /// Polls the probe domain until it stops or the probe's time is up; throws `CancellationError` only.
    private func watchProbe(uuid: String) async throws -> KVMProbe.Observation {
        let deadline = ContinuousClock.now + KVMProbe.timeout
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: KVMProbe.pollInterval)
            let observation: KVMProbe.Observation
            do {
                observation = try await connection.run { conn -> KVMProbe.Observation in
                    guard let domain = virDomainLookupByUUIDString(conn, uuid) else {
                        let error = LibvirtErrorMapping.captureLast("probe lookup")
                        if error.kind == .noDomain { return .poweredOff }
                        throw error
                    }
                    defer { virDomainFree(domain) }
                    var state: Int32 = 0
                    var reason: Int32 = 0
                    try Libvirt.check(virDomainGetState(domain, &state, &reason, 0), "probe state")
                    switch UInt32(state) {
                    case VIR_DOMAIN_RUNNING.rawValue, VIR_DOMAIN_BLOCKED.rawValue, VIR_DOMAIN_NOSTATE.rawValue:
                        return .stillRunning
                    case VIR_DOMAIN_SHUTOFF.rawValue:
                        return UInt32(reason) == VIR_DOMAIN_SHUTOFF_SHUTDOWN.rawValue ? .poweredOff : .stopped("shut off (reason \(reason))")
                    default:
                        return .stopped(LibvirtDomainState.map(state).rawValue)
                    }
                }
            } catch {
                return .stopped("\(error)")
            }
            if case .stillRunning = observation { continue }
            return observation
        }
        return .stillRunning
    }

    private func destroyProbe(uuid: String) async {
        _ = try? await connection.run { conn in
            guard let domain = virDomainLookupByUUIDString(conn, uuid) else {
                _ = LibvirtErrorMapping.captureLast("probe lookup")
                return
            }
            defer { virDomainFree(domain) }
            if virDomainDestroy(domain) < 0 {
                _ = LibvirtErrorMapping.captureLast("probe destroy")
            }
        }
    }
}
