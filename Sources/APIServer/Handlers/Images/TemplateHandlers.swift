import APIModel

/// Handlers of the template commands: registerTemplate, listTemplates, updateTemplate,
/// updateTemplatePermissions, listTemplatePermissions, deleteTemplate, copyTemplate and extractTemplate.
enum TemplateHandlers {
    static func table(_ images: ImageHandlers) -> [String: CommandHandler] {
        [
            "registerTemplate": { try await images.register($0, isIso: false) },
            "listTemplates": { try await images.list($0, isIso: false) },
            "updateTemplate": { try await images.update($0, isIso: false) },
            "updateTemplatePermissions": { try await images.updatePermissions($0, isIso: false) },
            "listTemplatePermissions": { try await images.listPermissions($0, isIso: false) },
            "deleteTemplate": { try await images.delete($0, isIso: false) },
            "copyTemplate": { try await images.copy($0, isIso: false) },
            "extractTemplate": { try await images.extract($0, isIso: false) },
        ]
    }
}
