import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// What a command handler gets with each request: the validated parameters, the caller, reads of the
/// stored state, and the few services every command shares (`CommandServices`). The services a handler
/// changes state through are its own, given to its handler type when the registry is built.
public struct CommandContext: Sendable {
    public let descriptor: CommandDescriptor
    public let params: RequestParameters
    public let caller: Caller
    /// Reads outside any transaction; changes go through the handler's own services.
    public let reads: Store
    let services: CommandServices

    public init(descriptor: CommandDescriptor, params: RequestParameters, caller: Caller, services: CommandServices) {
        self.descriptor = descriptor
        self.params = params
        self.caller = caller
        self.services = services
        reads = services.reads
    }

    public var initiator: Initiator { Initiator(caller) }
    var command: String { descriptor.name }

    // MARK: Typed parameter access (values were already checked against the descriptor)

    /// A string parameter; nil when absent. Empty strings are returned as they are.
    public func string(_ name: String) -> String? { params[name] }

    /// A string parameter that must be present and non-empty.
    public func required(_ name: String) throws -> String {
        guard let value = params[name] else { throw APIError.missingParameter(name, command: command) }
        guard !value.isEmpty else { throw APIError.invalidParameter("Invalid value provided for API arg: \(name)") }
        return value
    }

    /// A boolean parameter: only a case-insensitive `true` is true, as in CloudStack.
    public func bool(_ name: String) -> Bool? {
        guard let value = params[name], !value.isEmpty else { return nil }
        return value.lowercased() == "true"
    }

    public func int(_ name: String) throws -> Int? {
        guard let value = params[name], !value.isEmpty else { return nil }
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.parameterError, "Unable to execute API command \(command.lowercased()) due to invalid value \(value) for parameter \(name)")
        }
        return number
    }

    public func int64(_ name: String) throws -> Int64? {
        try int(name).map(Int64.init)
    }

    /// A comma-separated list parameter.
    public func list(_ name: String) -> [String]? {
        guard let value = params[name], !value.isEmpty else { return nil }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An id parameter that must name an existing row of `table`; 431 when it does not.
    public func entity<E>(_ name: String, in table: Table<E>) async throws -> E? {
        guard let id = params[name], !id.isEmpty else { return nil }
        guard ResourceID.isWellFormed(id), let row = try await reads.find(table, id: id) else {
            throw APIError.unknownEntity(name, value: id, command: command)
        }
        return row
    }

    public func requiredEntity<E>(_ name: String, in table: Table<E>) async throws -> E {
        _ = try required(name)
        return try await entity(name, in: table)!
    }

    /// The page a list command asked for (the default page size when none was given).
    public var page: PageRequest? {
        get throws {
            let size = try int("pagesize")
            let page = try int("page")
            if size == -1 { return nil }
            let maxSize = services.defaultPageSize
            return PageRequest(page: page ?? 1, size: size ?? maxSize)
        }
    }

    /// Free-text `keyword` filter on the given columns, if a keyword was given.
    public func keywordFilter<E, each V>(_ columns: repeat Column<E, each V>) -> [Filter<E>] {
        guard let keyword = params["keyword"], !keyword.isEmpty else { return [] }
        return [.contains(keyword, in: repeat each columns)]
    }

    /// `id`, `ids` and `name` filters where the command accepts them, on the entity's id and name columns.
    public func identityFilters<E>(_ idColumn: Column<E, String>, _ nameColumn: Column<E, String>) -> [Filter<E>] {
        var filters = identityFilters(idColumn)
        if let name = params["name"], !name.isEmpty { filters.append(.equals(nameColumn, name)) }
        return filters
    }

    /// `id` and `ids` filters, for entities without a name.
    public func identityFilters<E>(_ idColumn: Column<E, String>) -> [Filter<E>] {
        var filters: [Filter<E>] = []
        if let id = params["id"], !id.isEmpty { filters.append(.equals(idColumn, id)) }
        if let ids = list("ids") { filters.append(.isIn(idColumn, ids)) }
        return filters
    }
}
