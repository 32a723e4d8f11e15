import APIModel

/// Handlers of the ISO commands: registerIso, listIsos, updateIso, updateIsoPermissions, listIsoPermissions,
/// deleteIso, copyIso and extractIso.
enum IsoHandlers {
    static let table: [String: CommandHandler] = [
        "registerIso": { try await ImageHandlers.register($0, isIso: true) },
        "listIsos": { try await ImageHandlers.list($0, isIso: true) },
        "updateIso": { try await ImageHandlers.update($0, isIso: true) },
        "updateIsoPermissions": { try await ImageHandlers.updatePermissions($0, isIso: true) },
        "listIsoPermissions": { try await ImageHandlers.listPermissions($0, isIso: true) },
        "deleteIso": { try await ImageHandlers.delete($0, isIso: true) },
        "copyIso": { try await ImageHandlers.copy($0, isIso: true) },
        "extractIso": { try await ImageHandlers.extract($0, isIso: true) },
    ]
}
