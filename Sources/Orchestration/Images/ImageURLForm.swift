import DomainModel
import Foundation

/// The form a template or ISO URL must have at registration: http or https, a host and a valid port.
/// Whether its addresses may be reached is checked by the image source before every connection.
enum ImageURLForm {
    /// Checks the form of a URL; throws a 431-style error naming the problem.
    static func parse(_ text: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() else {
            throw DomainError.invalidParameter("URL \(text) is not a valid URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw DomainError.invalidParameter("URL \(text) uses \(scheme); only http and https URLs can be downloaded")
        }
        guard let host = url.host, !host.isEmpty else {
            throw DomainError.invalidParameter("URL \(text) has no host name")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw DomainError.invalidParameter("URL \(text) has an invalid port")
        }
        return url
    }
}
