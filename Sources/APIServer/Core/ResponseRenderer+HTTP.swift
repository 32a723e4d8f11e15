import APIModel
import HTTPTypes
import Hummingbird

extension ResponseRenderer {
    /// An error as an HTTP response whose status equals the CloudStack error code.
    func httpError(_ error: APIError, root: String, format: ResponseFormat, authenticated: Bool = false) -> Response {
        var response = APIEndpoint.httpResponse(
            HTTPResponse.Status(code: error.code.rawValue),
            render(error: error, responseName: root, format: format, authenticated: authenticated), format: format)
        if error.csErrorCode != nil, let name = HTTPField.Name("X-Description") {
            response.headers[name] = Self.headerValue(error.text)
        }
        return response
    }

    /// The error text as a header value: visible ASCII and spaces only (anything else becomes `?`), and at
    /// most `maxHeaderLength` bytes.
    static func headerValue(_ text: String) -> String {
        var value = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxHeaderLength).map {
            (0x20...0x7E).contains($0.value) ? $0 : "?"
        }))
        if text.unicodeScalars.count > maxHeaderLength { value += "..." }
        return value
    }

    /// The longest `X-Description` sent; HTTP clients refuse header lines of a few kilobytes.
    static let maxHeaderLength = 512
}
