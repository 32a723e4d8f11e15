/// The type of a request parameter, named as CloudStack's `listApis` names it.
public enum ParameterType: String, Sendable {
    case boolean, date, float, double, integer, short, list, long, object, map, string, uuid
}

/// One request parameter of a command: its name, type, whether it is required,
/// its maximum length and a description written for Cumulo's API reference.
public struct ParameterDescriptor: Sendable {
    public var name: String
    public var type: ParameterType
    public var required: Bool
    public var length: Int
    public var description: String
    public var since: String?
    /// The object name of the resource a `uuid` parameter refers to (`zone`, `pod`, …), used for `related`.
    public var entity: String?
    /// Who may pass this parameter: anyone who may call the command (`.user`), administrators
    /// (`.domainAdmin`) or root administrators only (`.rootAdmin`).
    public var access: CommandAccess
    /// False for a parameter CloudStack has and clients send, but whose meaning Cumulo cannot deliver yet:
    /// a value that asks for something is refused (431) rather than dropped. This is the one list of them.
    public var isSupported = true

    public init(
        _ name: String, _ type: ParameterType, _ description: String, required: Bool = false,
        length: Int = 255, since: String? = nil, entity: String? = nil, access: CommandAccess = .user
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.length = length
        self.description = description
        self.since = since
        self.entity = entity
        self.access = access
    }

    /// This parameter, for root administrators only.
    public func rootAdminOnly() -> Self {
        var copy = self
        copy.access = .rootAdmin
        return copy
    }

    /// This parameter, refused whenever a value asks for something (see `isSupported`).
    public func notSupported() -> Self {
        var copy = self
        copy.isSupported = false
        return copy
    }

    public static func string(_ name: String, _ description: String, required: Bool = false, length: Int = 255) -> Self {
        .init(name, .string, description, required: required, length: length)
    }

    public static func uuid(_ name: String, _ description: String, of entity: String, required: Bool = false, access: CommandAccess = .user) -> Self {
        .init(name, .uuid, description, required: required, entity: entity, access: access)
    }

    public static func uuids(_ name: String, _ description: String, of entity: String, required: Bool = false) -> Self {
        .init(name, .list, description, required: required, entity: entity)
    }

    public static func boolean(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .boolean, description, required: required)
    }

    public static func integer(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .integer, description, required: required)
    }

    public static func long(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .long, description, required: required)
    }

    public static func list(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .list, description, required: required)
    }

    public static func map(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .map, description, required: required)
    }

    public static func date(_ name: String, _ description: String, required: Bool = false) -> Self {
        .init(name, .date, description, required: required)
    }
}

extension [ParameterDescriptor] {
    /// `keyword`, `page` and `pagesize`, accepted by every list command.
    public static var paging: [ParameterDescriptor] {
        [
            .string("keyword", "Only return entries whose name contains this text"),
            .integer("page", "The page to return, starting at 1; needs pagesize"),
            .integer("pagesize", "How many entries a page holds (at most 500); needs page"),
        ]
    }

    /// Account scoping for lists of resources owned by accounts.
    public static var accountScope: [ParameterDescriptor] {
        [
            .string("account", "Only resources of this account; needs domainid"),
            .uuid("domainid", "Only resources of accounts in this domain", of: "domain"),
            .boolean("isrecursive", "With domainid, also include the domain's subdomains"),
            .boolean("listall", "Return everything the caller may see, not only the caller's own resources"),
        ]
    }
}
