import Foundation
import Hypervisor
import Mustache

/// Renders the libvirt XML templates with swift-mustache.
///
/// Templates come from `EmbeddedTemplates` (generated from the repository's `templates/` folder); a file
/// `<name>.xml.mustache` in the directory named by `CUMULO_TEMPLATES_DIR` replaces the embedded one.
/// `{{x}}` escapes `< > & " '` as XML entities, so substituted values always leave well-formed XML.
public struct TemplateRenderer: Sendable {
    /// Environment variable naming an optional directory of template overrides.
    public static let overrideDirectoryVariable = "CUMULO_TEMPLATES_DIR"

    private let library: MustacheLibrary

    /// Parses the embedded templates, replaced by files from `overrideDirectory` when present.
    public init(overrideDirectory: String? = ProcessInfo.processInfo.environment[TemplateRenderer.overrideDirectoryVariable]) throws {
        var sources = EmbeddedTemplates.all
        if let overrideDirectory, !overrideDirectory.isEmpty {
            for name in sources.keys {
                let path = (overrideDirectory as NSString).appendingPathComponent("\(name).xml.mustache")
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    sources[name] = text
                }
            }
        }
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                throw HypervisorError(.failed, "template '\(name)' does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// Renders template `name` (file name without `.xml.mustache`) with `context`.
    public func render(_ name: String, _ context: Any) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw HypervisorError(.failed, "no template named '\(name)'")
        }
        return text
    }

    /// Domain XML for `spec`.
    public func domainXML(_ spec: DomainSpec) throws -> String {
        try render("domain", DomainTemplateContext(spec))
    }

    /// XML of one disk device, as `virDomainUpdateDeviceFlags` takes it.
    public func diskXML(_ disk: DomainDisk) throws -> String {
        try render("disk", DiskTemplateContext(disk))
    }

    /// Network XML for an isolated network.
    public func networkXML(_ spec: NetworkSpec) throws -> String {
        try render("network", NetworkTemplateContext(spec))
    }

    /// One `<host/>` entry of a network's DHCP section, as `virNetworkUpdate` takes it.
    public func dhcpHostXML(_ host: DHCPHost) throws -> String {
        try render("dhcp-host", DHCPHostTemplateContext(host)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Storage pool XML (`dir` or `netfs`).
    public func poolXML(_ pool: PoolDefinition) throws -> String {
        switch pool.kind {
        case .directory(let path):
            return try render("pool-dir", DirPoolTemplateContext(name: pool.name, path: path))
        case .netfs(let server, let exportPath, let mountPoint):
            return try render("pool-netfs", NetfsPoolTemplateContext(name: pool.name, server: server, exportPath: exportPath, mountPoint: mountPoint))
        }
    }

    /// Storage volume XML.
    public func volumeXML(_ volume: VolumeDefinition) throws -> String {
        try render("volume", VolumeTemplateContext(volume))
    }
}
