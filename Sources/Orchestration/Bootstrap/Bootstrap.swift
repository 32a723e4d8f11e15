import DomainModel
import Foundation
import Logging
import Persistence

/// Fills a new database with what every installation starts with: region 1, the
/// ROOT domain, the `admin` account and user, settings, OS types and default offerings.
/// Safe to run on every start: it only adds what is missing.
struct Bootstrap {
    let db: Database
    let logger: Logger

    /// Returns the id of this management server.
    func run(adminPassword: String?, endpoint: String) async throws -> String {
        if try await db.read.first(Tables.domain, [.equals(.path, "/")]) == nil {
            try await seed(adminPassword: adminPassword, endpoint: endpoint)
        }
        try await addMissingSettings()
        if let existing = try await db.read.first(Tables.managementServer, []) {
            return existing.id
        }
        let server = ManagementServer(id: ResourceID.make(), name: ProcessInfo.processInfo.hostName, version: CloudVersion.current)
        try await db.transaction { store in
            try await store.insert(server, into: Tables.managementServer)
        }
        return server.id
    }

    /// The admin's password when none is given at first start; accepted only from this machine (see
    /// `IdentityService.authenticate`) until it is changed.
    static let defaultAdminPassword = "password"

    private func seed(adminPassword: String?, endpoint: String) async throws {
        let password = adminPassword ?? Self.defaultAdminPassword
        if adminPassword == nil {
            logger.warning("the admin user has the default password 'password', accepted only from this machine; change it with updateUser")
        }
        try await db.transaction { store in
            try await store.insert(Region(id: 1, name: "Local", endpoint: endpoint), into: Tables.region)
            let root = Domain(id: ResourceID.make(), name: "ROOT", parentId: nil, path: "/", level: 0)
            try await store.insert(root, into: Tables.domain)
            let system = Account(id: ResourceID.make(), name: "system", type: .rootAdmin, domainId: root.id)
            try await store.insert(system, into: Tables.account)
            try await store.insert(User(
                id: ResourceID.make(), accountId: system.id, username: "system",
                passwordHash: "!", firstname: "system", lastname: "cloud", state: .disabled, isDefault: true), into: Tables.user)
            let admin = Account(id: ResourceID.make(), name: "admin", type: .rootAdmin, domainId: root.id)
            try await store.insert(admin, into: Tables.account)
            try await store.insert(User(
                id: ResourceID.make(), accountId: admin.id, username: "admin",
                passwordHash: PasswordHasher.hash(password), firstname: "admin", lastname: "cloud", isDefault: true), into: Tables.user)

            for (category, types) in SeedData.osCategories {
                let c = OsCategory(id: ResourceID.make(), name: category)
                try await store.insert(c, into: Tables.osCategory)
                for description in types {
                    try await store.insert(OsType(id: ResourceID.make(), description: description, categoryId: c.id), into: Tables.osType)
                }
            }
            for offering in SeedData.serviceOfferings() { try await store.insert(offering, into: Tables.serviceOffering) }
            for offering in SeedData.diskOfferings() { try await store.insert(offering, into: Tables.diskOffering) }
            for offering in SeedData.networkOfferings() { try await store.insert(offering, into: Tables.networkOffering) }
        }
        logger.info("bootstrapped a new installation: region 1, domain ROOT, account admin")
    }

    private func addMissingSettings() async throws {
        let present = Set(try await db.read.all(Tables.configuration, orderBy: .name).map(\.name))
        let missing = SettingsCatalog.all.filter { !present.contains($0.name) }
        guard !missing.isEmpty else { return }
        try await db.transaction { store in
            for setting in missing { try await store.insert(setting, into: Tables.configuration) }
        }
    }
}

/// The version Cumulo reports as its CloudStack API level.
public enum CloudVersion {
    public static let current = "4.22.0.0"
}
