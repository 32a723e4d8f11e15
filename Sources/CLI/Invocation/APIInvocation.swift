import Foundation

/// One API call the user asked for: the API, its `key=value` parameters in the order
/// given (`filter` among them, since cmk sends it too) and the fields `filter=` selects.
public struct APIInvocation: Equatable, Sendable {
    /// One `name=value` parameter.
    public struct Parameter: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var api: APIEntry
    public var parameters: [Parameter]

    public init(api: APIEntry, parameters: [Parameter]) {
        self.api = api
        self.parameters = parameters
    }

    /// The fields named by `filter=a,b`, in that order; empty when there is no filter.
    public var filter: [String] {
        guard let value = parameters.last(where: { $0.name.lowercased() == "filter" })?.value else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func value(of name: String) -> String? {
        parameters.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The parameters as the client sends them.
    public var pairs: [(String, String)] { parameters.map { ($0.name, $0.value) } }
}
