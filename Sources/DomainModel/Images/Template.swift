import Foundation

/// A template or ISO: an image registered from a URL, owned by an account and kept on image stores.
public struct Template: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    /// ISOs and templates share one table; `listIsos` shows ISOs, `listTemplates` the others.
    public var isIso: Bool
    /// `ISO`, `QCOW2` or `RAW`.
    public var format: String
    /// `KVM` for templates; nil for ISOs, which run on any hypervisor.
    public var hypervisor: String?
    public var osTypeId: String?
    public var accountId: String
    public var domainId: String
    public var isPublic: Bool
    public var isFeatured: Bool
    public var isExtractable: Bool
    public var bootable: Bool
    public var passwordEnabled: Bool
    public var sshKeyEnabled: Bool
    public var requiresHvm: Bool
    /// Registered for every zone (`zoneid=-1`).
    public var crossZones: Bool
    public var url: String
    /// As given at registration (`{SHA-256}…` or a plain MD5), nil when none was given.
    public var checksum: String?
    public var bits: Int
    /// `USER` for everything registered through the API.
    public var templateType: String
    public var templateTag: String?
    public var created: Date
    public var removed: Date?

    public init(
        id: String, name: String, displayText: String, isIso: Bool, format: String, hypervisor: String?,
        osTypeId: String?, accountId: String, domainId: String, isPublic: Bool = false, isFeatured: Bool = false,
        isExtractable: Bool = false, bootable: Bool = true, passwordEnabled: Bool = false, sshKeyEnabled: Bool = false,
        requiresHvm: Bool = true, crossZones: Bool = false, url: String, checksum: String? = nil, bits: Int = 64,
        templateType: String = "USER", templateTag: String? = nil, created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.displayText = displayText
        self.isIso = isIso
        self.format = format
        self.hypervisor = hypervisor
        self.osTypeId = osTypeId
        self.accountId = accountId
        self.domainId = domainId
        self.isPublic = isPublic
        self.isFeatured = isFeatured
        self.isExtractable = isExtractable
        self.bootable = bootable
        self.passwordEnabled = passwordEnabled
        self.sshKeyEnabled = sshKeyEnabled
        self.requiresHvm = requiresHvm
        self.crossZones = crossZones
        self.url = url
        self.checksum = checksum
        self.bits = bits
        self.templateType = templateType
        self.templateTag = templateTag
        self.created = created
    }

    /// The file name extension on the image store.
    public var fileExtension: String {
        switch format.uppercased() {
        case "ISO": "iso"
        case "RAW": "raw"
        default: "qcow2"
        }
    }

    /// The kind as messages name it.
    public var kindName: String { isIso ? "ISO" : "template" }
}

/// The image formats `registerTemplate` and `registerIso` accept.
public enum ImageFormat: String, Sendable, CaseIterable {
    case qcow2 = "QCOW2"
    case raw = "RAW"
    case iso = "ISO"

    /// Parses a format name in any case.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }
}

/// An account a private template or ISO is shared with (`updateTemplatePermissions accounts=…`).
public struct TemplatePermission: Codable, Sendable, Equatable {
    public var id: String
    public var templateId: String
    public var accountId: String

    public init(id: String, templateId: String, accountId: String) {
        self.id = id
        self.templateId = templateId
        self.accountId = accountId
    }
}

/// A download link handed out by `extractTemplate`/`extractIso`; only the SHA-256 of its token is kept.
public struct TemplateExtract: Codable, Sendable, Equatable {
    /// Hex SHA-256 of the token in the URL.
    public var id: String
    public var templateId: String
    public var zoneId: String
    public var storeId: String
    public var installPath: String
    public var accountId: String
    public var created: Date
    public var expires: Date

    public init(id: String, templateId: String, zoneId: String, storeId: String, installPath: String, accountId: String, created: Date = Date(), expires: Date) {
        self.id = id
        self.templateId = templateId
        self.zoneId = zoneId
        self.storeId = storeId
        self.installPath = installPath
        self.accountId = accountId
        self.created = created
        self.expires = expires
    }
}
