import APIModel

/// Handlers of the ISO commands: registerIso, listIsos, updateIso, updateIsoPermissions, listIsoPermissions,
/// deleteIso, copyIso and extractIso.
enum IsoHandlers {
    static func table(_ images: ImageHandlers) -> [String: CommandHandler] {
        [
            "registerIso": { try await images.register($0, isIso: true) },
            "listIsos": { try await images.list($0, isIso: true) },
            "updateIso": { try await images.update($0, isIso: true) },
            "updateIsoPermissions": { try await images.updatePermissions($0, isIso: true) },
            "listIsoPermissions": { try await images.listPermissions($0, isIso: true) },
            "deleteIso": { try await images.delete($0, isIso: true) },
            "copyIso": { try await images.copy($0, isIso: true) },
            "extractIso": { try await images.extract($0, isIso: true) },
        ]
    }
}
