import ArgumentParser

/// The `cumulo` command line as ArgumentParser reads it: global options anywhere, and the
/// words of a built-in command or an API call (`<verb> <noun> name=value …`).
public struct CumuloCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "cumulo",
        abstract: "A cloudmonkey-style command line for Cumulo and other CloudStack API servers.",
        usage: """
            cumulo [<options>] <verb> <noun> [<name>=<value> ...]
            cumulo [<options>] api <ApiName> [<name>=<value> ...]
            cumulo [<options>] <built-in command> [...]
            cumulo                                  (interactive shell)
            """,
        version: version,
        helpNames: [])

    @OptionGroup public var options: GlobalOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("A built-in command or an API call.", valueName: "words"))
    public var words: [String] = []

    public init() {}

    /// How the command line works, printed after the options and built-ins by `cumulo --help`.
    static let discussion = """
        APIS: named as in cloudmonkey. The verb is the leading lower-case part of the API name, the noun
          the rest lower-cased: listZones = list zones, deployVirtualMachine = deploy virtualmachine.
          Parameters are checked against the API list before anything is sent. filter=a,b prints only
          those fields; a value @path is read from the file at path.

        OUTPUT: -o/--output <format> chooses the format of one call; cumulo set output <format> sets the
          profile's default (CUMULO_OUTPUT overrides it). json and default print indented JSON; table,
          csv, text and column print the rows: a list's items, or the one object returned.

        SETTINGS: ~/.cumulo/config, mode 0600: [core] and one section per profile with url, apikey,
          secretkey, username, password, domain, output, timeout, verifycert, signatureversion and
          expires. CUMULO_PROFILE and CUMULO_<KEY> (CUMULO_URL, CUMULO_APIKEY, CUMULO_SECRETKEY, ...)
          override them. Requests are signed when apikey and secretkey are set; otherwise username and
          password log in.

        EXIT STATUS: 0 on success; 1 when the server answered with an error (errorcode and errortext on
          stderr), a job failed or the server could not be reached; 2 when the command line was wrong
          and nothing was sent.
        """
}
