import DomainModel
import Persistence

/// Which templates and ISOs an account may deploy from or insert in a VM.
enum ImagePermissions {
    /// Public images, the owner's own, and those shared with the owner.
    static func mayUse(_ template: Template, owner: Account, in store: Store) async throws -> Bool {
        if template.isPublic || template.accountId == owner.id || owner.type == .rootAdmin { return true }
        return try await store.exists(Tables.templatePermission, [.equals(.templateId, template.id), .equals(.accountId, owner.id)])
    }
}
