extension ResponseSchema {
    /// A template: a disk image instances are deployed from, one entry per zone that keeps it.
    public static let template = ResponseSchema("template", imageFields(kind: "template"))

    /// An ISO: a CD image instances boot from or mount; the same fields as a template.
    public static let iso = ResponseSchema("iso", imageFields(kind: "ISO"))

    /// The download link `extractTemplate` and `extractIso` answer with.
    public static let extract = ResponseSchema("template", [
        .init("id", "string", "the id of the template or ISO"),
        .init("name", "string", "its name"),
        .init("extractId", "string", "the id of this extraction"),
        .init("accountid", "string", "the account that asked for the link"),
        .init("state", "string", "the state of the extraction (DOWNLOAD_URL_CREATED)"),
        .init("status", "string", "what happened"),
        .init("storagetype", "string", "where the file is read from (Image)"),
        .init("uploadpercentage", "integer", "always 100: the file is ready to be fetched"),
        .init("url", "string", "the link to download the file from; it expires after extract.url.expiration.interval seconds"),
        .init("zoneid", "string", "the zone the file is read from"),
        .init("zonename", "string", "the zone's name"),
        .init("extractMode", "string", "HTTP_DOWNLOAD"),
        .init("created", "date", "when the link was made"),
        .init("resultstring", "string", "an error text, if any"),
    ])

    /// Who may use a template or ISO besides its owner.
    public static let templatePermission = ResponseSchema("templatepermission", [
        .init("id", "string", "the id of the template or ISO"),
        .init("ispublic", "boolean", "whether every account may use it"),
        .init("domainid", "string", "the owner's domain"),
        .init("account", "list", "the names of the accounts it is shared with"),
        .init("projectids", "list", "the projects it is shared with (none: Cumulo has no projects)"),
    ])

    static func imageFields(kind: String) -> [ResponseFieldDescriptor] {
        [
            .init("id", "string", "the \(kind)'s id"),
            .init("name", "string", "the \(kind)'s name"),
            .init("displaytext", "string", "the \(kind)'s description"),
            .init("ispublic", "boolean", "whether every account may use it"),
            .init("created", "date", "when it was registered"),
            .init("removed", "date", "when it was deleted"),
            .init("isready", "boolean", "whether it is downloaded, checked and usable in this zone"),
            .init("passwordenabled", "boolean", "whether instances from it support password reset"),
            .init("format", "string", "the image format (QCOW2, RAW, ISO)"),
            .init("bootable", "boolean", "whether an instance can boot from it"),
            .init("isfeatured", "boolean", "whether an administrator featured it"),
            .init("crossZones", "boolean", "whether it was registered for every zone"),
            .init("ostypeid", "string", "the guest OS type"),
            .init("ostypename", "string", "the guest OS type's name"),
            .init("accountid", "string", "the owning account's id"),
            .init("account", "string", "the owning account's name"),
            .init("zoneid", "string", "the zone this entry describes"),
            .init("zonename", "string", "the zone's name"),
            .init("status", "string", "the download status: \"N% Downloaded\", \"Download Complete\" or \"Successfully Installed\", or why it failed"),
            .init("size", "long", "the virtual size in bytes, once known"),
            .init("physicalsize", "long", "the bytes the file takes on the image store"),
            .init("templatetype", "string", "USER for registered images"),
            .init("hypervisor", "string", "the hypervisor it is for (KVM; None for ISOs)"),
            .init("domain", "string", "the owner's domain name"),
            .init("domainid", "string", "the owner's domain id"),
            .init("domainpath", "string", "the owner's domain path"),
            .init("isextractable", "boolean", "whether it may be downloaded with extract\(kind == "ISO" ? "Iso" : "Template")"),
            .init("checksum", "string", "the checksum given at registration"),
            .init("sshkeyenabled", "boolean", "whether instances from it take SSH keys"),
            .init("requireshvm", "boolean", "whether it needs hardware virtualisation"),
            .init("url", "string", "the URL it was registered from"),
            .init("bits", "integer", "32 or 64"),
            .init("templatetag", "string", "a free-form tag"),
            .init("isdynamicallyscalable", "boolean", "whether instances from it can change CPU and memory while running"),
            .init("directdownload", "boolean", "always false: images go through the image store"),
            .init("deployasis", "boolean", "always false (VMware only)"),
            .init("downloaddetails", "list", "the download on each image store", nested: [
                .init("datastore", "string", "the image store's name"),
                .init("datastoreId", "string", "the image store's id"),
                .init("downloadPercent", "string", "percent downloaded"),
                .init("downloadState", "string", "NOT_DOWNLOADED, DOWNLOAD_IN_PROGRESS, DOWNLOADED or DOWNLOAD_ERROR"),
            ]),
            .resourceTags,
            .init("hasannotations", "boolean", "whether comments are attached"),
        ]
    }
}
