/// How serious an audit event is, as CloudStack's `listEvents level=` names it.
public enum EventLevel: String, Codable, Sendable, CaseIterable {
    case info = "INFO"
    case warn = "WARN"
    case error = "ERROR"
}
