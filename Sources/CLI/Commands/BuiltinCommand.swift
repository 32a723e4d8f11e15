import ArgumentParser

/// A command of the CLI itself rather than an API call: `set`, `sync`, `import-cmk`.
/// ArgumentParser reads its arguments and writes its help.
protocol BuiltinCommand: ParsableCommand {
    func execute(in session: CLISession, options: GlobalOptions) async throws
}

/// The built-in commands, found by their first word.
enum Builtins {
    static let all: [any BuiltinCommand.Type] = [SetCommand.self, SyncCommand.self, ImportCmkCommand.self]

    static func named(_ word: String) -> (any BuiltinCommand.Type)? {
        all.first { $0.configuration.commandName == word }
    }

    static var names: [String] { all.compactMap { $0.configuration.commandName } }

    /// Parses a built-in command's arguments; mistakes become a `UsageError` with ArgumentParser's message.
    static func parse(_ type: any BuiltinCommand.Type, _ arguments: [String]) throws(UsageError) -> any BuiltinCommand {
        do {
            guard let command = try type.parseAsRoot(arguments) as? any BuiltinCommand else {
                throw UsageError("\(type.configuration.commandName ?? "command") cannot run here")
            }
            return command
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError(type.message(for: error))
        }
    }
}
