import DomainModel

/// Where a template's files live on a store, CloudStack's layout: `template/tmpl/<account>/<template>/`.
public enum ImageStoreLayout {
    public static func directory(of template: Template) -> String {
        "template/tmpl/\(template.accountId)/\(template.id)"
    }

    public static func installPath(of template: Template) -> String {
        "\(directory(of: template))/\(template.id).\(template.fileExtension)"
    }

    /// The name a download is written under until it is complete and checked; one per download, so two
    /// zones whose stores share an export never write the same file.
    public static func temporaryPath(of template: Template, refId: String) -> String {
        installPath(of: template) + ".part-" + refId.prefix(8)
    }
}
