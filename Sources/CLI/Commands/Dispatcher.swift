/// Runs one parsed command line: help, a built-in command or an API call, and turns
/// any error into its report on stderr and an exit status.
struct Dispatcher {
    let session: CLISession

    func run(_ command: CumuloCommand) async -> Int32 {
        do {
            try await execute(command)
            return ExitStatus.success
        } catch {
            let url = try? session.profile(command.options.profile).url
            return ErrorReport.report(error, url: url, to: session.terminal)
        }
    }

    func execute(_ command: CumuloCommand) async throws {
        var words = command.words
        var help = command.options.help
        if words.first == "help" {
            words.removeFirst()
            help = true
        }
        if help {
            let catalog = session.catalog(for: session.profileName(command.options.profile))
            session.terminal.out(try HelpText(catalog: catalog).text(for: words))
            return
        }
        guard let first = words.first else { return }
        if let builtin = Builtins.named(first) {
            try await Builtins.parse(builtin, Array(words.dropFirst())).execute(in: session, options: command.options)
            return
        }
        try await callAPI(words, options: command.options)
    }

    func callAPI(_ words: [String], options: GlobalOptions) async throws {
        let profile = try session.profile(options.profile)
        let (api, arguments) = try CommandResolver.resolve(words, in: session.catalog(for: profile.name))
        let parameters = try ParameterParser.parse(arguments)
        try ParameterValidator.check(parameters, for: api)
        let format = try options.outputFormat() ?? session.outputOverride ?? profile.output
        let runner = APIRunner(connection: session.connection(for: profile), terminal: session.terminal)
        try await runner.run(
            APIInvocation(api: api, parameters: parameters),
            options: .init(output: format, allPages: options.allPages, noWait: options.noWait))
    }
}
