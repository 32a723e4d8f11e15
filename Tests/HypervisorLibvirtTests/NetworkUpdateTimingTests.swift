import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// How long adding one DHCP reservation to a running network takes, against a real libvirtd.
@Suite("network update timing", .serialized, .enabled(if: TestEnvironment.libvirtURI != nil, "set CUMULO_TEST_LIBVIRT_URI"))
struct NetworkUpdateTimingTests {
    var uri: String { TestEnvironment.libvirtURI ?? "" }

    @Test func addingOneReservationIsOneQuickUpdate() async throws {
        let network = "cumulo-test-sys-net4"
        try await withDriver(uri) { driver in
            try await withCleanup {
                try await driver.remove(network: network)
                var spec = NetworkSpec(name: network, bridge: "cmtest4", address: "198.18.254.1", netmask: "255.255.255.0",
                                       hosts: (10..<30).map { DHCPHost(mac: String(format: "52:54:00:c0:fd:%02x", $0), ip: "198.18.254.\($0)", name: "vm\($0)") })
                try await driver.ensure(network: spec)
                var timings: [Duration] = []
                for index in 30..<35 {
                    spec.hosts.append(DHCPHost(mac: String(format: "52:54:00:c0:fd:%02x", index), ip: "198.18.254.\(index)", name: "vm\(index)"))
                    let started = ContinuousClock.now
                    try await driver.ensure(network: spec)
                    timings.append(ContinuousClock.now - started)
                }
                let started = ContinuousClock.now
                try await driver.ensure(network: spec)
                let unchanged = ContinuousClock.now - started
                print("ensure adding one reservation: \(timings.map { $0.formatted(.units(allowed: [.milliseconds])) }); unchanged: \(unchanged.formatted(.units(allowed: [.milliseconds])))")
                #expect(try XMLInspection.networkShape(await driver.networkXML(name: network)).hosts == spec.hosts)
                // A reservation that changes is modified in place; a MAC in upper case is the same reservation.
                spec.hosts[20] = DHCPHost(mac: "52:54:00:c0:fd:1e", ip: "198.18.254.40", name: "vm40")
                try await driver.ensure(network: spec)
                var upper = spec
                upper.hosts[0].mac = upper.hosts[0].mac.uppercased()
                try await driver.ensure(network: upper)
                #expect(try XMLInspection.networkShape(await driver.networkXML(name: network, inactive: true)).hosts == spec.hosts)
            } cleanup: {
                try? await driver.remove(network: network)
            }
        }
    }
}
