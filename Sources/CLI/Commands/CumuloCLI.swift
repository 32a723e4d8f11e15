import Foundation

/// The entry point of `cumulo`: reads the command line, then runs one command or,
/// with no command, the interactive shell.
public enum CumuloCLI {
    public static func run(arguments: [String], environment: [String: String], terminal: Terminal = .standard) async -> Int32 {
        let command: CumuloCommand
        do {
            command = try CumuloCommand.parse(arguments)
        } catch {
            let message = CumuloCommand.fullMessage(for: error)
            let status = CumuloCommand.exitCode(for: error)
            if status == .success {
                terminal.out(message + "\n")
                return ExitStatus.success
            }
            terminal.err(message + "\n")
            return ExitStatus.usageError
        }
        let session: CLISession
        do {
            session = try CLISession(store: ConfigStore(home: environment["HOME"] ?? NSHomeDirectory()), environment: environment, terminal: terminal)
        } catch {
            return ErrorReport.report(error, url: nil, to: terminal)
        }
        let status: Int32
        if command.words.isEmpty && !command.options.help {
            status = await InteractiveShell(session: session, options: command.options).run()
        } else {
            status = await Dispatcher(session: session).run(command)
        }
        await session.close()
        return status
    }
}
