/// The `templatefilter`/`isofilter` values and who sees what under each, as CloudStack defines them.
public enum TemplateFilter: String, Sendable, CaseIterable {
    /// Public images an administrator marked featured.
    case featured
    /// The caller's own images (with `listall`/`account`/`domainid`, those of the accounts in scope).
    case `self`
    /// The caller's own images that are ready.
    case selfexecutable
    /// Images other accounts shared with the caller.
    case shared
    /// Shared images that are ready.
    case sharedexecutable
    /// Everything the caller may deploy from: ready images that are its own, public or shared with it.
    case executable
    /// Public images that are not featured.
    case community
    /// Everything the caller may see; administrators only.
    case all

    /// Parses a filter name in any case; nil for an unknown name.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// Only images ready for use pass these filters.
    public var onlyReady: Bool { self == .selfexecutable || self == .sharedexecutable || self == .executable }

    /// The words an error message lists.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}

/// Who is looking at images: the account, its domain and how much it administers.
public struct TemplateViewer: Sendable {
    /// How much of the domain tree the viewer administers.
    public enum Role: Sendable { case user, domainAdmin, rootAdmin }
    public var accountId: String
    public var domainPath: String
    public var role: Role
    /// The owners `self` filters show; nil means every account (root administrator with `listall`).
    public var ownerScope: Set<String>?

    public init(accountId: String, domainPath: String, role: Role, ownerScope: Set<String>?) {
        self.accountId = accountId
        self.domainPath = domainPath
        self.role = role
        self.ownerScope = ownerScope
    }

    /// True when the viewer administers a domain at `path` (a domain admin its own domain and those below).
    public func administers(domainPath path: String) -> Bool {
        switch role {
        case .rootAdmin: true
        case .domainAdmin: path.hasPrefix(domainPath)
        case .user: false
        }
    }
}

/// The facts about one image (in one zone) that visibility depends on.
public struct TemplateVisibilityFacts: Sendable {
    public var ownerAccountId: String
    public var ownerDomainPath: String
    public var isPublic: Bool
    public var isFeatured: Bool
    public var isReady: Bool
    public var sharedWith: Set<String>

    public init(ownerAccountId: String, ownerDomainPath: String, isPublic: Bool, isFeatured: Bool, isReady: Bool, sharedWith: Set<String> = []) {
        self.ownerAccountId = ownerAccountId
        self.ownerDomainPath = ownerDomainPath
        self.isPublic = isPublic
        self.isFeatured = isFeatured
        self.isReady = isReady
        self.sharedWith = sharedWith
    }
}

extension TemplateFilter {
    /// Whether `viewer` sees an image with these facts under this filter.
    public func admits(_ image: TemplateVisibilityFacts, viewer: TemplateViewer) -> Bool {
        if onlyReady && !image.isReady { return false }
        let own = image.ownerAccountId == viewer.accountId
        let shared = image.sharedWith.contains(viewer.accountId)
        let inScope = viewer.ownerScope?.contains(image.ownerAccountId) ?? true
        switch self {
        case .featured:
            return image.isPublic && image.isFeatured
        case .community:
            return image.isPublic && !image.isFeatured
        case .self, .selfexecutable:
            return inScope
        case .shared, .sharedexecutable:
            return shared && !own
        case .executable:
            return own || image.isPublic || shared || viewer.administers(domainPath: image.ownerDomainPath)
        case .all:
            return own || image.isPublic || shared || viewer.administers(domainPath: image.ownerDomainPath)
        }
    }

    /// Why a caller may not use this filter, nil when it may.
    public func refusal(for role: TemplateViewer.Role) -> String? {
        self == .all && role == .user ? "Filter all can be specified by admin only" : nil
    }
}
