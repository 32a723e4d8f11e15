import Foundation

/// Where a template or ISO is (or is being) kept in one zone: its image store, download progress and result.
public struct TemplateStoreRef: Codable, Sendable, Equatable {
    public var id: String
    public var templateId: String
    public var zoneId: String
    public var storeId: String
    /// An `ImageDownloadState` raw value.
    public var downloadState: ImageDownloadState
    public var downloadPercent: Int
    public var downloadedBytes: Int64
    /// The virtual size (qcow2 virtual disk size; the file size otherwise).
    public var size: Int64
    /// The bytes the file takes on the store.
    public var physicalSize: Int64
    /// Path inside the store once ready: `template/tmpl/<account>/<template>/<template>.<ext>`.
    public var installPath: String?
    /// Why the download failed, shown as the status.
    public var errorString: String?
    /// For a copy between zones: the store the file is read from instead of the URL.
    public var sourceStoreId: String?
    public var sourcePath: String?
    /// Counts download starts; progress writes compare it so a stale worker cannot overwrite a newer attempt.
    public var attempt: Int
    public var created: Date
    public var updated: Date

    public init(
        id: String, templateId: String, zoneId: String, storeId: String,
        downloadState: ImageDownloadState = .notDownloaded, sourceStoreId: String? = nil, sourcePath: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.templateId = templateId
        self.zoneId = zoneId
        self.storeId = storeId
        self.downloadState = downloadState
        self.downloadPercent = 0
        self.downloadedBytes = 0
        self.size = 0
        self.physicalSize = 0
        self.sourceStoreId = sourceStoreId
        self.sourcePath = sourcePath
        self.attempt = 0
        self.created = created
        self.updated = created
    }

    public var state: ImageDownloadState { downloadState }
    public var isReady: Bool { state == .downloaded }
}
