import DomainModel
import Foundation

/// The pure rules of what callers give a VM: the compute figures of an offering, the limits of user
/// data, and how details are stored.
enum DeploymentRules {
    /// vCPUs, MHz per vCPU and MiB of an offering; a custom offering takes them from `details`
    /// (`cpuNumber`, `cpuSpeed`, `memory`) within its bounds.
    static func computeFigures(_ offering: ServiceOffering, details: [String: String]) throws -> (Int, Int, Int) {
        func detail(_ key: String) throws -> Int? {
            guard let text = details.first(where: { $0.key.caseInsensitiveCompare(key) == .orderedSame })?.value else { return nil }
            guard let value = Int(text), value > 0 else { throw DomainError.invalidParameter("details \(key)=\(text) must be a positive whole number") }
            return value
        }
        let cpuNumber = try offering.cpuNumber ?? detail("cpuNumber")
        let cpuSpeed = try offering.cpuSpeed ?? detail("cpuSpeed")
        let memory = try offering.memory ?? detail("memory")
        guard let cpuNumber, let cpuSpeed, let memory else {
            throw DomainError.invalidParameter(
                "Service offering \(offering.name) is customised: give cpuNumber, cpuSpeed and memory in details")
        }
        if let low = offering.minCpuNumber, cpuNumber < low { throw DomainError.invalidParameter("cpuNumber \(cpuNumber) is below the offering's minimum \(low)") }
        if let high = offering.maxCpuNumber, cpuNumber > high { throw DomainError.invalidParameter("cpuNumber \(cpuNumber) is above the offering's maximum \(high)") }
        if let low = offering.minMemory, memory < low { throw DomainError.invalidParameter("memory \(memory) MB is below the offering's minimum \(low) MB") }
        if let high = offering.maxMemory, memory > high { throw DomainError.invalidParameter("memory \(memory) MB is above the offering's maximum \(high) MB") }
        return (cpuNumber, cpuSpeed, memory)
    }

    /// User data must be base64 text of at most 32 KiB decoded.
    static func checkUserData(_ text: String) throws {
        let drive = ConfigDrive(uuid: "", name: "", hostName: "", availabilityZone: "", userData: text, interfaces: [])
        let decoded: String?
        do {
            decoded = try drive.decodedUserData()
        } catch {
            throw DomainError.invalidParameter("userdata must be base64-encoded text: \(error)")
        }
        if let decoded, decoded.utf8.count > 32_768 {
            throw DomainError.invalidParameter("userdata is \(decoded.utf8.count) bytes decoded; at most 32768 are allowed")
        }
    }

    /// The VM's details as stored: JSON with sorted keys, without the compute figures a custom offering took from them.
    static func encodeDetails(_ details: [String: String]) throws -> String {
        let kept = details.filter { !["cpunumber", "cpuspeed", "memory"].contains($0.key.lowercased()) }
        let data = try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
