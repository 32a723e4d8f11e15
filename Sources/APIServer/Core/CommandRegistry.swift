import APIModel

/// The work a command does: it reads the context and returns the response body.
public typealias CommandHandler = @Sendable (CommandContext) async throws -> APIResponse

/// A command's descriptor together with its handler.
public struct RegisteredCommand: Sendable {
    public let descriptor: CommandDescriptor
    /// Nil for `login` and `logout`, which the endpoint serves itself because they work on HTTP sessions.
    public let handler: CommandHandler?
}

/// Maps command names to handlers. Built once from one explicit list; a name
/// registered twice, or a handler without a descriptor, stops start-up.
public struct CommandRegistry: Sendable {
    public private(set) var commands: [String: RegisteredCommand] = [:]
    /// Lower-cased name → exact name, to tell "wrong case" from "unknown".
    private var lowercased: [String: String] = [:]

    /// Commands the HTTP endpoint answers itself.
    public static let sessionCommands: Set<String> = ["login", "logout"]

    public init(descriptors: [CommandDescriptor], handlers: [String: CommandHandler]) {
        for descriptor in descriptors {
            precondition(commands[descriptor.name] == nil, "command \(descriptor.name) is registered twice")
            let handler = handlers[descriptor.name]
            precondition(handler != nil || Self.sessionCommands.contains(descriptor.name), "command \(descriptor.name) has no handler")
            commands[descriptor.name] = RegisteredCommand(descriptor: descriptor, handler: handler)
            lowercased[descriptor.name.lowercased()] = descriptor.name
        }
        for name in handlers.keys {
            precondition(commands[name] != nil, "handler \(name) has no descriptor")
        }
    }

    public subscript(name: String) -> RegisteredCommand? { commands[name] }

    public var descriptors: [CommandDescriptor] { commands.values.map(\.descriptor).sorted { $0.name < $1.name } }
}
