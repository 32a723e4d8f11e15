import APIModel

/// Handlers of the template commands: registerTemplate, listTemplates, updateTemplate,
/// updateTemplatePermissions, listTemplatePermissions, deleteTemplate, copyTemplate and extractTemplate.
enum TemplateHandlers {
    static let table: [String: CommandHandler] = [
        "registerTemplate": { try await ImageHandlers.register($0, isIso: false) },
        "listTemplates": { try await ImageHandlers.list($0, isIso: false) },
        "updateTemplate": { try await ImageHandlers.update($0, isIso: false) },
        "updateTemplatePermissions": { try await ImageHandlers.updatePermissions($0, isIso: false) },
        "listTemplatePermissions": { try await ImageHandlers.listPermissions($0, isIso: false) },
        "deleteTemplate": { try await ImageHandlers.delete($0, isIso: false) },
        "copyTemplate": { try await ImageHandlers.copy($0, isIso: false) },
        "extractTemplate": { try await ImageHandlers.extract($0, isIso: false) },
    ]
}
