/// Writes the Markdown API reference (`api-docs/`) from the command descriptors:
/// an index and one page per command.
public enum APIReferenceWriter {
    /// File name → Markdown text.
    public static func pages(for commands: [CommandDescriptor]) -> [String: String] {
        var pages: [String: String] = ["README.md": index(commands)]
        for command in commands {
            pages["\(command.name).md"] = page(command)
        }
        return pages
    }

    static func index(_ commands: [CommandDescriptor]) -> String {
        var out = "# Cumulo API reference\n\n"
        out += "Generated from the command registry by `cumulo-server api-docs`; do not edit by hand.\n\n"
        out += "All commands are served at `/client/api` and follow CloudStack's request and response conventions.\n\n"
        out += "| command | async | who may call | description |\n|---|---|---|---|\n"
        for command in commands.sorted(by: { $0.name < $1.name }) {
            out += "| [\(command.name)](\(command.name).md) | \(command.isAsync ? "yes" : "no") | \(accessText(command.access)) | \(cell(command.description)) |\n"
        }
        return out
    }

    static func page(_ command: CommandDescriptor) -> String {
        var out = "# \(command.name)\n\n\(command.description)\n\n"
        out += "- Asynchronous: \(command.isAsync ? "yes (answers with a job id; poll `queryAsyncJobResult`)" : "no")\n"
        out += "- Who may call: \(accessText(command.access))\n"
        out += "- Response root key: `\(command.responseName)`\n"
        switch command.response {
        case .list(let schema): out += "- Answers with a list of `\(schema.objectName)` objects and a total `count`\n"
        case .object(let schema): out += "- Answers with one `\(schema.objectName)` object\n"
        case .inline: out += "- Answers with the fields below directly under the root key\n"
        case .success: out += "- Answers with `success` (true when it worked)\n"
        }
        if let since = command.since { out += "- Since: \(since)\n" }
        out += "\n## Parameters\n\n"
        if command.params.isEmpty {
            out += "None.\n"
        } else {
            out += "| name | type | required | description |\n|---|---|---|---|\n"
            for p in command.params {
                out += "| `\(p.name)` | \(p.type.rawValue) | \(p.required ? "yes" : "no") | \(cell(p.description))\(Self.audience(p.access)) |\n"
            }
        }
        out += "\n## Response fields\n\n"
        let fields = command.response.schema.fields
        out += "| name | type | description |\n|---|---|---|\n"
        for f in fields {
            out += "| `\(f.name)` | \(f.type) | \(cell(f.description)) |\n"
            for n in f.nested ?? [] {
                out += "| `\(f.name).\(n.name)` | \(n.type) | \(cell(n.description)) |\n"
            }
        }
        return out
    }

    static func accessText(_ access: CommandAccess) -> String {
        switch access {
        case .anonymous: "anyone"
        case .user: "any user"
        case .domainAdmin: "domain and root administrators"
        case .rootAdmin: "root administrators"
        }
    }

    /// The note after a parameter's description naming who may pass it.
    static func audience(_ access: CommandAccess) -> String {
        switch access {
        case .anonymous, .user: ""
        case .domainAdmin: " (administrators only)"
        case .rootAdmin: " (root administrators only)"
        }
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
