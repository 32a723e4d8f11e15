import AsyncHTTPClient
import NIOCore

/// HTTP clients for one-shot tools such as the CLI.
extension CloudStackClient {
    /// A new HTTP client the caller must shut down. A refused or failed connection fails the
    /// request at once instead of being retried until the request's deadline, and with
    /// `verifyingCertificates: false` any server certificate is accepted (`verifycert = false`).
    public static func makeHTTPClient(verifyingCertificates: Bool, connectTimeout: TimeAmount = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = connectTimeout
        configuration.connectionPool.retryConnectionEstablishment = false
        if !verifyingCertificates {
            configuration.tlsConfiguration = .makeClientConfiguration()
            configuration.tlsConfiguration?.certificateVerification = .none
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
