import Foundation
import ImageTransfer

/// Opens image stores by URL: `nfs://server/export` through libnfs, `file:///path` as a local directory.
public struct StoreURLOpener: ImageStoreOpener {
    public init() {}

    public func open(url: String, protocolName: String) throws -> any ImageStoreAccess {
        if protocolName == "nfs" { return try NFSImageStoreAccess(url: url) }
        guard let parsed = URL(string: url), parsed.scheme == "file", !parsed.path.isEmpty else {
            throw ImageStoreError("\(url) is not a file:///path URL")
        }
        return LocalImageStoreAccess(root: parsed.path)
    }
}
