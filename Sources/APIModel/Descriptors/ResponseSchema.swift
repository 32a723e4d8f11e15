/// One field of a response object as `listApis` describes it.
public struct ResponseFieldDescriptor: Sendable {
    public var name: String
    public var type: String
    public var description: String
    /// The fields of a nested object or of the elements of a nested list.
    public var nested: [ResponseFieldDescriptor]?

    public init(_ name: String, _ type: String, _ description: String, nested: [ResponseFieldDescriptor]? = nil) {
        self.name = name
        self.type = type
        self.description = description
        self.nested = nested
    }
}

/// The shape of a response object (`zone`, `pod`, …): its object name and fields.
public struct ResponseSchema: Sendable {
    public var objectName: String
    public var fields: [ResponseFieldDescriptor]

    public init(_ objectName: String, _ fields: [ResponseFieldDescriptor]) {
        self.objectName = objectName
        self.fields = fields
    }

    public var fieldNames: Set<String> { Set(fields.map(\.name)) }
}

/// The schema of CloudStack's success-only answer.
extension ResponseSchema {
    public static let success = ResponseSchema("success", [
        .init("success", "boolean", "true when the operation succeeded"),
        .init("displaytext", "string", "an optional message about the operation"),
        .init("details", "string", "the same message, as asynchronous job results carry it"),
    ])
}
