import APIClient

/// `cumulo` without arguments: reads command lines with history and tab completion and
/// runs each like a command line of its own, until `exit`, `quit` or Ctrl-D.
struct InteractiveShell {
    let session: CLISession
    let options: GlobalOptions

    func run() async -> Int32 {
        session.profileOverride = options.profile
        do {
            session.outputOverride = try options.outputFormat()
        } catch {
            return ErrorReport.report(error, url: nil, to: session.terminal)
        }
        let editor = LineEditor(historyPath: session.store.historyPath)
        session.terminal.out("cumulo \(CumuloCommand.version) shell: Tab completes, help lists commands, exit or Ctrl-D leaves.\n")
        while true {
            let profile = session.profileName(nil)
            editor.use(completer(for: profile))
            guard let line = await editor.readLine(prompt: "(\(profile)) cumulo> ") else { break }
            let words = LineTokenizer.words(line)
            guard let first = words.first else { continue }
            if !Self.holdsSecret(words) { await editor.remember(line) }
            if first == "exit" || first == "quit" { break }
            do {
                _ = await Dispatcher(session: session).run(try CumuloCommand.parse(words))
            } catch {
                session.terminal.err(CumuloCommand.fullMessage(for: error) + "\n")
            }
        }
        session.terminal.out("\n")
        return ExitStatus.success
    }

    /// Lines that set a secret or pass a password stay out of the history file.
    static func holdsSecret(_ words: [String]) -> Bool {
        if words.count > 1, words[0] == "set", let key = ProfileKey(rawValue: words[1].lowercased()), key.isSecret { return true }
        return words.contains { $0.lowercased().hasPrefix("password=") }
    }

    /// Completion for the profile: its API list, and ids fetched through its connection.
    func completer(for profileName: String) -> ShellCompleter {
        let catalog = session.catalog(for: profileName)
        let connection = (try? session.profile(nil)).map(session.connection(for:))
        return ShellCompleter(catalog: catalog) { list, parameters in
            guard let connection else { return [] }
            let answer = BlockingWait.run(timeout: 10) {
                try? await connection.perform { try await $0.call(list.name, parameters + [("page", "1"), ("pagesize", "500")]) }
            }
            return ResponseRows(answer.flatMap { $0 } ?? [:]).rows.compactMap { $0["id"]?.string }
        }
    }
}
