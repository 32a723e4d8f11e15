import ArgumentParser

/// Options accepted anywhere on a `cumulo` command line (and on shell lines).
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .shortAndLong, help: "Use this profile instead of the current one (also CUMULO_PROFILE).")
    public var profile: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output format for this call: json, table, csv, text, column or default (= json). Without it the profile's `output` setting (or CUMULO_OUTPUT) applies.",
        valueName: "format"))
    public var output: String?

    @Flag(name: .customLong("all"), help: "For list commands: fetch every page, adding listall=true where the API takes it.")
    public var allPages = false

    @Flag(name: .customLong("async"), help: "For asynchronous APIs: print the job id at once instead of waiting for the job.")
    public var noWait = false

    @Flag(name: [.customShort("h"), .customLong("help")], help: "Show help; after a verb or a verb and noun, the API's own parameter docs.")
    public var help = false

    public init() {}

    /// The `-o` format, checked.
    func outputFormat() throws(UsageError) -> OutputFormat? {
        guard let output else { return nil }
        guard let format = OutputFormat(rawValue: output.lowercased()) else {
            throw UsageError("unknown output format \(output); choose one of \(OutputFormat.allNames)")
        }
        return format
    }
}
