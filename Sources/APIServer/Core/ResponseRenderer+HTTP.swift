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
            response.headers[name] = error.text.replacingOccurrences(of: "\n", with: " ")
        }
        return response
    }
}
