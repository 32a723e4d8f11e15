import DomainModel
import Foundation
@testable import Orchestration
import Testing

/// The pure rules of a deployment: compute figures of fixed and custom offerings, user data limits,
/// bridge names, and the per-key serial queue guest network updates go through.
@Suite struct DeploymentRulesTests {
    func offering(cpu: Int? = nil, speed: Int? = nil, memory: Int? = nil, minMemory: Int? = nil, maxMemory: Int? = nil) -> ServiceOffering {
        var offering = ServiceOffering(id: "o", name: "custom", displayText: "custom", cpuNumber: cpu, cpuSpeed: speed, memory: memory)
        offering.minMemory = minMemory
        offering.maxMemory = maxMemory
        offering.isCustomized = cpu == nil
        return offering
    }

    @Test func fixedOfferingIgnoresDetails() throws {
        let figures = try DeploymentRules.computeFigures(offering(cpu: 2, speed: 1000, memory: 2048), details: ["memory": "99999"])
        #expect(figures == (2, 1000, 2048))
    }

    @Test func customOfferingTakesDetailsCaseInsensitively() throws {
        let figures = try DeploymentRules.computeFigures(offering(), details: ["cpuNumber": "4", "CPUSPEED": "1500", "memory": "768"])
        #expect(figures == (4, 1500, 768))
    }

    @Test func customOfferingWithoutDetailsOrOutsideBoundsIsRefused() {
        #expect(throws: DomainError.self) { try DeploymentRules.computeFigures(offering(), details: ["cpuNumber": "1"]) }
        #expect(throws: DomainError.self) { try DeploymentRules.computeFigures(offering(), details: ["cpuNumber": "1", "cpuSpeed": "500", "memory": "-5"]) }
        #expect(throws: DomainError.self) {
            try DeploymentRules.computeFigures(offering(minMemory: 512, maxMemory: 1024), details: ["cpuNumber": "1", "cpuSpeed": "500", "memory": "2048"])
        }
    }

    @Test func userDataMustBeBase64TextOfAtMost32KiB() throws {
        try DeploymentRules.checkUserData(Data("#cloud-config\n".utf8).base64EncodedString())
        #expect(throws: DomainError.self) { try DeploymentRules.checkUserData("not base64 at all!") }
        let big = Data(repeating: UInt8(ascii: "a"), count: 32_769).base64EncodedString()
        #expect(throws: DomainError.self) { try DeploymentRules.checkUserData(big) }
    }

    @Test func bridgeNamesFitLinuxLimitsAndDifferPerNetwork() {
        let a = GuestNetworkSetup.bridgeName("0c9f7a2e-5b1d-4c3e-9f00-1234567890ab")
        let b = GuestNetworkSetup.bridgeName("7d1e0b3a-2c4f-4e5d-8a11-abcdefabcdef")
        #expect(a == "cb0c9f7a2e5b1d")
        #expect(a.count <= 15 && b.count <= 15)
        #expect(a != b)
    }

    @Test func serialQueueRunsOneKeyInOrderAndOtherKeysAlongside() async throws {
        let queue = KeyedSerialQueue()
        let log = LogBox()
        async let first: Void = queue.run("host/net") {
            try await Task.sleep(for: .milliseconds(200))
            await log.append("first")
        }
        try await Task.sleep(for: .milliseconds(20))
        async let second: Void = queue.run("host/net") { await log.append("second") }
        async let other: Void = queue.run("host/other") { await log.append("other") }
        _ = try await (first, second, other)
        #expect(await log.entries == ["other", "first", "second"])
    }

    actor LogBox {
        var entries: [String] = []
        func append(_ entry: String) { entries.append(entry) }
    }
}
