/// The download state of a template or ISO on one image store, named as CloudStack names it.
public enum ImageDownloadState: String, Codable, Sendable, CaseIterable {
    case notDownloaded = "NOT_DOWNLOADED"
    case inProgress = "DOWNLOAD_IN_PROGRESS"
    case downloaded = "DOWNLOADED"
    case error = "DOWNLOAD_ERROR"

    /// What a download worker may report.
    public enum Event: Sendable, Equatable {
        case started, progressed, finished, failed
        /// The server stopped or the worker was cancelled; the download starts again later.
        case interrupted
    }

    /// The state after `event`, or nil when the event makes no sense in this state.
    public func next(_ event: Event) -> ImageDownloadState? {
        switch (self, event) {
        case (.notDownloaded, .started): .inProgress
        case (.inProgress, .progressed): .inProgress
        case (.inProgress, .finished): .downloaded
        case (.inProgress, .failed), (.notDownloaded, .failed): .error
        case (.inProgress, .interrupted), (.notDownloaded, .interrupted): .notDownloaded
        default: nil
        }
    }

    /// The `status` text of list responses, as CloudStack words it: `"42% Downloaded"` while downloading,
    /// `"Installing ISO"`/`"Installing Template"` when the bytes are in but checks still run, `"Successfully
    /// Installed"` (ISO) or `"Download Complete"` (template) when ready, the reason after a failure.
    public func status(isIso: Bool, percent: Int, error: String?) -> String {
        switch self {
        case .downloaded:
            return isIso ? "Successfully Installed" : "Download Complete"
        case .inProgress:
            if percent >= 100 { return isIso ? "Installing ISO" : "Installing Template" }
            return "\(max(0, percent))% Downloaded"
        case .error:
            return error.flatMap { $0.isEmpty ? nil : $0 } ?? "Download failed"
        case .notDownloaded:
            return "Processing"
        }
    }
}
