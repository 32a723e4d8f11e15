/// A value in a CloudStack response, kept in the order fields were added so
/// both the JSON and the XML renderings follow the same field order.
public indirect enum APIValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case object(APIObject)
    case array([APIValue])
    /// A map rendered as a JSON object and, in XML, the way CloudStack prints a Java map (`{a=b}`).
    case map([String: String])
}

/// One named field of an `APIObject`.
public struct APIField: Sendable, Equatable {
    public var name: String
    public var value: APIValue
    public init(_ name: String, _ value: APIValue) {
        self.name = name
        self.value = value
    }
}

/// An ordered set of response fields. Setting a nil value leaves the field out,
/// the way CloudStack omits null fields.
public struct APIObject: Sendable, Equatable {
    public private(set) var fields: [APIField] = []

    public init() {}

    public init(_ fields: [APIField]) {
        self.fields = fields
    }

    public subscript(name: String) -> APIValue? {
        fields.first { $0.name == name }?.value
    }

    public mutating func set(_ name: String, _ value: APIValue?) {
        guard let value else { return }
        if let index = fields.firstIndex(where: { $0.name == name }) {
            fields[index].value = value
        } else {
            fields.append(APIField(name, value))
        }
    }

    public mutating func set(_ name: String, _ value: String?) { set(name, value.map(APIValue.string)) }
    public mutating func set(_ name: String, _ value: Bool?) { set(name, value.map(APIValue.bool)) }
    public mutating func set(_ name: String, _ value: Int?) { set(name, value.map { APIValue.int(Int64($0)) }) }
    public mutating func set(_ name: String, _ value: Int64?) { set(name, value.map(APIValue.int)) }
    public mutating func set(_ name: String, _ value: Double?) { set(name, value.map(APIValue.double)) }
    public mutating func set(_ name: String, _ value: APIObject?) { set(name, value.map(APIValue.object)) }
    public mutating func set(_ name: String, objects: [APIObject]) { set(name, .array(objects.map(APIValue.object))) }
    public mutating func set(_ name: String, strings: [String]) { set(name, .array(strings.map(APIValue.string))) }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name == name }
    }

    /// Keeps only the named fields (in their original order).
    public func keeping(_ names: Set<String>) -> APIObject {
        APIObject(fields.filter { names.contains($0.name) })
    }

    public var keys: [String] { fields.map(\.name) }
}

extension APIObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, APIValue)...) {
        self.init(elements.map { APIField($0.0, $0.1) })
    }
}

extension APIValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
