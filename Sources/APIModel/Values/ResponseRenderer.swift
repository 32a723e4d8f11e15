/// The two response formats CloudStack speaks.
public enum ResponseFormat: Sendable {
    case json
    case xml

    /// CloudStack answers in XML unless `response=json` is asked for.
    public init(parameter: String?) {
        self = parameter?.lowercased() == "json" ? .json : .xml
    }

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=UTF-8"
        case .xml: "text/xml; charset=UTF-8"
        }
    }
}

/// Puts a response body or an error into CloudStack's `<name>response` envelope.
public struct ResponseRenderer: Sendable {
    /// The version announced on XML root elements for authenticated callers.
    public var version: String

    public init(version: String) {
        self.version = version
    }

    /// The fields placed directly under the root key for a response body.
    public static func envelopeFields(_ response: APIResponse) -> APIObject {
        var body = APIObject()
        switch response {
        case .list(let objectName, let items, let count):
            if count > 0 { body.set("count", .int(Int64(count))) }
            if !items.isEmpty { body.set(objectName, objects: items) }
        case .object(let objectName, let object):
            body.set(objectName, object)
        case .inline(let object):
            body = object
        case .success(let displayText):
            body.set("success", true)
            body.set("displaytext", displayText)
        }
        return body
    }

    public func render(_ response: APIResponse, responseName: String, format: ResponseFormat, authenticated: Bool = true) -> String {
        render(fields: Self.envelopeFields(response), responseName: responseName, format: format, authenticated: authenticated)
    }

    public func render(error: APIError, responseName: String, format: ResponseFormat, authenticated: Bool = false) -> String {
        var body = APIObject()
        if format == .json { body.set("uuidList", .array([])) }
        for field in error.fields.fields { body.set(field.name, field.value) }
        return render(fields: body, responseName: responseName, format: format, authenticated: authenticated)
    }

    public func render(fields: APIObject, responseName: String, format: ResponseFormat, authenticated: Bool) -> String {
        switch format {
        case .json:
            var out = "{"
            JSONWriter.writeString(responseName, into: &out)
            out += ":"
            JSONWriter.write(fields, into: &out)
            out += "}"
            return out
        case .xml:
            var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><\(responseName)"
            if authenticated { out += " cloud-stack-version=\"\(version)\"" }
            out += ">"
            XMLWriter.writeFields(fields, into: &out)
            out += "</\(responseName)>"
            return out
        }
    }
}
