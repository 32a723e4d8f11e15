import DomainModel
import Foundation
import Persistence
import Synchronization

/// Reads and changes global settings; values are cached in memory and the
/// cache is refreshed on every change made through this service.
public final class Settings: Sendable {
    let db: Database
    private let cache = Mutex<[String: String]>([:])

    init(db: Database) {
        self.db = db
    }

    func load() async throws {
        let rows = try await db.read.all(Tables.configuration, orderBy: .name)
        cache.withLock { c in
            for row in rows { c[row.name] = row.value ?? "" }
        }
    }

    public func string(_ name: String) -> String {
        cache.withLock { $0[name] } ?? SettingsCatalog.definition(name)?.defaultValue ?? ""
    }

    /// A numeric setting; its default when the stored value is not a finite number.
    public func double(_ name: String) -> Double {
        if let value = Double(string(name)), value.isFinite { return value }
        return Double(SettingsCatalog.definition(name)?.defaultValue ?? "") ?? 0
    }

    /// A numeric setting as an integer, rounded toward zero and kept within `Int`'s range.
    public func int(_ name: String) -> Int {
        let value = double(name)
        if value >= Double(Int.max) { return .max }
        if value <= Double(Int.min) { return .min }
        return Int(value)
    }

    public func bool(_ name: String) -> Bool { string(name).lowercased() == "true" }

    /// Changes a setting after checking that the value fits its type.
    public func update(_ name: String, value: String, by initiator: Initiator, events: EventRecorder) async throws -> ConfigurationSetting {
        guard var setting = try await db.read.find(Tables.configuration, id: name) else {
            throw DomainError.invalidParameter("Configuration \(name) does not exist")
        }
        switch setting.valueType {
        case "Integer" where Int(value) == nil,
             "Float" where !(Double(value)?.isFinite ?? false),
             "Boolean" where !["true", "false"].contains(value.lowercased()):
            throw DomainError.invalidParameter("Value \(value) is not a valid \(setting.valueType.lowercased()) for \(name)")
        default: break
        }
        if let minimum = SettingsCatalog.minimums[name], let number = Double(value), number < minimum {
            throw DomainError.invalidParameter("Value \(value) is too small for \(name); the smallest allowed is \(minimum.formatted())")
        }
        if let maximum = SettingsCatalog.maximum(for: setting), let number = Double(value), number > maximum {
            throw DomainError.invalidParameter("Value \(value) is too large for \(name); the largest allowed is \(maximum.formatted())")
        }
        setting.value = value
        try await db.transaction { store in
            try await store.overwrite(Tables.configuration, id: name, set: [.set(.value, value)])
            try await events.record("CONFIGURATION.VALUE.EDIT", "Set \(name)", by: initiator, resourceId: name, resourceType: "Configuration", in: store)
        }
        cache.withLock { $0[name] = value }
        return setting
    }
}
