extension Commands {
    /// `registerIso`: registers an ISO from a URL.
    public static let registerIso = CommandDescriptor(
        "registerIso", "Registers an ISO from an http(s) URL; it is downloaded to each zone's image store in the background.",
        access: .user, response: .list(.iso),
        params: [
            .string("name", "The ISO's name", required: true),
            .string("displaytext", "A description; defaults to the name", length: 4096),
            .string("url", "Where to download the ISO from (http or https)", required: true, length: 2048),
            .uuid("zoneid", "The zone to keep the ISO in, or -1 for every zone with an image store", of: "zone", required: true),
            .uuid("ostypeid", "The guest OS type of the ISO", of: "ostype"),
            .boolean("bootable", "Whether instances can boot from the ISO (default true)"),
            .boolean("ispublic", "Whether every account may use the ISO"),
            .boolean("isfeatured", "Whether the ISO is featured").rootAdminOnly(),
            .boolean("isextractable", "Whether the ISO may be downloaded with extractIso"),
            .string("checksum", "The expected checksum: a plain MD5, or {SHA-1}, {SHA-256} or {SHA-512} followed by the hex digest"),
            .boolean("passwordenabled", "Whether instances from the ISO support password reset"),
            .boolean("isdynamicallyscalable", "Whether instances can change CPU and memory while running"),
            .string("account", "The account to register the ISO for; needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
        ])

    /// `registerTemplate`: registers a template from a URL.
    public static let registerTemplate = CommandDescriptor(
        "registerTemplate", "Registers a disk image template from an http(s) URL; it is downloaded and checked on each zone's image store in the background.",
        access: .user, response: .list(.template),
        params: [
            .string("name", "The template's name", required: true),
            .string("displaytext", "A description; defaults to the name", length: 4096),
            .string("url", "Where to download the image from (http or https)", required: true, length: 2048),
            .string("format", "The image format: QCOW2, RAW or ISO", required: true),
            .string("hypervisor", "The hypervisor the template is for: KVM", required: true),
            .uuid("zoneid", "The zone to keep the template in, or -1 for every zone with an image store", of: "zone"),
            .uuids("zoneids", "Several zones to keep the template in", of: "zone"),
            .uuid("ostypeid", "The guest OS type of the template", of: "ostype"),
            .boolean("ispublic", "Whether every account may use the template"),
            .boolean("isfeatured", "Whether the template is featured").rootAdminOnly(),
            .boolean("isextractable", "Whether the template may be downloaded with extractTemplate"),
            .string("checksum", "The expected checksum: a plain MD5, or {SHA-1}, {SHA-256} or {SHA-512} followed by the hex digest"),
            .boolean("passwordenabled", "Whether instances from the template support password reset"),
            .boolean("sshkeyenabled", "Whether instances from the template take SSH keys"),
            .boolean("requireshvm", "Whether the template needs hardware virtualisation (default true)"),
            .boolean("isrouting", "Whether the template is for virtual routers (not supported: must be false)"),
            .boolean("isdynamicallyscalable", "Whether instances can change CPU and memory while running"),
            .integer("bits", "32 or 64 (default 64)"),
            .string("templatetag", "A free-form tag"),
            .map("details", "Extra key/value details (accepted and ignored)"),
            .string("account", "The account to register the template for; needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
        ])

    /// The filters `listIsos` and `listTemplates` share.
    static func imageListFilters(kind: String) -> [ParameterDescriptor] {
        [
            .uuid("id", "Only the \(kind) with this id", of: kind == "ISO" ? "iso" : "template"),
            .uuids("ids", "Only the \(kind)s with these ids", of: kind == "ISO" ? "iso" : "template"),
            .string("name", "Only \(kind)s with this name"),
            .uuid("zoneid", "Only entries in this zone", of: "zone"),
            .string("hypervisor", "Only \(kind)s for this hypervisor"),
            .boolean("isready", "Only \(kind)s that are (or are not) ready"),
            .boolean("showremoved", "Also list deleted \(kind)s"),
            .boolean("showunique", "One entry per \(kind) rather than one per zone"),
            .boolean("showicon", "Accepted for compatibility; Cumulo has no icons"),
            .map("tags", "Only \(kind)s with these tags (accepted; Cumulo has no tags yet)"),
        ] + .accountScope + .paging
    }

    /// `listIsos`: lists ISOs.
    public static let listIsos = CommandDescriptor(
        "listIsos", "Lists ISOs the caller may see, one entry per zone, with download status.", access: .user, response: .list(.iso),
        params: [
            .string("isofilter", "featured, self, selfexecutable (default), shared, sharedexecutable, executable, community or all (administrators)"),
            .boolean("bootable", "Only bootable (or only non-bootable) ISOs"),
            .boolean("ispublic", "Only public (or only private) ISOs"),
        ] + imageListFilters(kind: "ISO"))

    /// `listTemplates`: lists templates.
    public static let listTemplates = CommandDescriptor(
        "listTemplates", "Lists templates the caller may see, one entry per zone, with download status.", access: .user, response: .list(.template),
        params: [
            .string("templatefilter", "featured, self, selfexecutable, shared, sharedexecutable, executable, community or all (administrators)", required: true),
        ] + imageListFilters(kind: "template"))

    /// `updateIso`: changes an ISO.
    public static let updateIso = CommandDescriptor(
        "updateIso", "Changes an ISO's name, description, OS type or flags.", access: .user, response: .object(.iso),
        params: imageUpdateParameters(kind: "ISO") + [.boolean("bootable", "Whether instances can boot from the ISO")])

    /// `updateTemplate`: changes a template.
    public static let updateTemplate = CommandDescriptor(
        "updateTemplate", "Changes a template's name, description, OS type or flags.", access: .user, response: .object(.template),
        params: imageUpdateParameters(kind: "template") + [
            .string("format", "The image format (it cannot change; accepted when it is the same)"),
            .boolean("sshkeyenabled", "Whether instances from the template take SSH keys"),
            .boolean("requireshvm", "Whether the template needs hardware virtualisation"),
            .string("templatetag", "A free-form tag"),
        ])

    static func imageUpdateParameters(kind: String) -> [ParameterDescriptor] {
        [
            .uuid("id", "The \(kind) to change", of: kind == "ISO" ? "iso" : "template", required: true),
            .string("name", "A new name"),
            .string("displaytext", "A new description", length: 4096),
            .uuid("ostypeid", "A new guest OS type", of: "ostype"),
            .boolean("passwordenabled", "Whether instances support password reset"),
            .boolean("isdynamicallyscalable", "Whether instances can change CPU and memory while running"),
            .boolean("isrouting", "Whether it is for virtual routers (must be false)"),
            .boolean("cleanupdetails", "Remove all details (there are none)"),
            .map("details", "Extra key/value details (accepted and ignored)"),
        ]
    }

    /// `updateIsoPermissions`: changes who may use an ISO.
    public static let updateIsoPermissions = CommandDescriptor(
        "updateIsoPermissions", "Makes an ISO public or private, featured or not, extractable or not, or shares it with accounts.",
        access: .user, response: .success, params: imagePermissionParameters(kind: "ISO"))

    /// `updateTemplatePermissions`: changes who may use a template.
    public static let updateTemplatePermissions = CommandDescriptor(
        "updateTemplatePermissions", "Makes a template public or private, featured or not, extractable or not, or shares it with accounts.",
        access: .user, response: .success, params: imagePermissionParameters(kind: "template"))

    static func imagePermissionParameters(kind: String) -> [ParameterDescriptor] {
        [
            .uuid("id", "The \(kind)", of: kind == "ISO" ? "iso" : "template", required: true),
            .boolean("ispublic", "Whether every account may use it"),
            .boolean("isfeatured", "Whether it is featured").rootAdminOnly(),
            .boolean("isextractable", "Whether it may be downloaded with an extract command"),
            .list("accounts", "Account names (in the owner's domain) to share it with or stop sharing it with; needs op"),
            .string("op", "add, remove or reset (stop sharing with everyone)"),
            .list("projectids", "Projects to share it with (not supported: Cumulo has no projects)"),
        ]
    }

    /// `listIsoPermissions`: who may use an ISO.
    public static let listIsoPermissions = CommandDescriptor(
        "listIsoPermissions", "Lists the accounts an ISO is shared with.", access: .user, response: .object(.templatePermission),
        params: [.uuid("id", "The ISO", of: "iso", required: true)])

    /// `listTemplatePermissions`: who may use a template.
    public static let listTemplatePermissions = CommandDescriptor(
        "listTemplatePermissions", "Lists the accounts a template is shared with.", access: .user, response: .object(.templatePermission),
        params: [.uuid("id", "The template", of: "template", required: true)])

    /// `deleteIso`: deletes an ISO.
    public static let deleteIso = CommandDescriptor(
        "deleteIso", "Deletes an ISO from one zone or from all of them, removing its files from the image stores.",
        access: .user, response: .success, isAsync: true,
        params: [
            .uuid("id", "The ISO to delete", of: "iso", required: true),
            .uuid("zoneid", "Delete it from this zone only", of: "zone"),
            .boolean("forced", "Delete it even while instances use it"),
        ])

    /// `deleteTemplate`: deletes a template.
    public static let deleteTemplate = CommandDescriptor(
        "deleteTemplate", "Deletes a template from one zone or from all of them, removing its files from the image stores.",
        access: .user, response: .success, isAsync: true,
        params: [
            .uuid("id", "The template to delete", of: "template", required: true),
            .uuid("zoneid", "Delete it from this zone only", of: "zone"),
            .boolean("forced", "Delete it even while instances use it"),
        ])

    /// `copyIso`: copies an ISO to other zones.
    public static let copyIso = CommandDescriptor(
        "copyIso", "Copies a ready ISO from one zone's image store to other zones' image stores.",
        access: .user, response: .object(.iso), isAsync: true, params: imageCopyParameters(kind: "ISO"))

    /// `copyTemplate`: copies a template to other zones.
    public static let copyTemplate = CommandDescriptor(
        "copyTemplate", "Copies a ready template from one zone's image store to other zones' image stores.",
        access: .user, response: .object(.template), isAsync: true, params: imageCopyParameters(kind: "template"))

    static func imageCopyParameters(kind: String) -> [ParameterDescriptor] {
        [
            .uuid("id", "The \(kind) to copy", of: kind == "ISO" ? "iso" : "template", required: true),
            .uuid("sourcezoneid", "The zone to copy from (default: any zone where it is ready)", of: "zone"),
            .uuid("destzoneid", "The zone to copy to", of: "zone"),
            .uuids("destzoneids", "Several zones to copy to", of: "zone"),
        ]
    }

    /// `extractIso`: a download link for an ISO.
    public static let extractIso = CommandDescriptor(
        "extractIso", "Makes a temporary HTTP link from which a ready, extractable ISO can be downloaded.",
        access: .user, response: .object(.extract), isAsync: true, params: imageExtractParameters(kind: "ISO"))

    /// `extractTemplate`: a download link for a template.
    public static let extractTemplate = CommandDescriptor(
        "extractTemplate", "Makes a temporary HTTP link from which a ready, extractable template can be downloaded.",
        access: .user, response: .object(.extract), isAsync: true, params: imageExtractParameters(kind: "template"))

    static func imageExtractParameters(kind: String) -> [ParameterDescriptor] {
        [
            .uuid("id", "The \(kind) to extract", of: kind == "ISO" ? "iso" : "template", required: true),
            .string("mode", "HTTP_DOWNLOAD (FTP_UPLOAD is not supported)", required: true),
            .uuid("zoneid", "The zone to read it from (default: any zone where it is ready)", of: "zone"),
            .string("url", "An FTP URL to upload to (not supported)", length: 2048),
        ]
    }
}
