import DomainModel
import Foundation
import ImageTransfer
import Synchronization

/// Hands out one `ImageStoreAccess` per image store and keeps it (NFS exports stay mounted) until the
/// store is deleted or the server stops.
public final class ImageStoreConnector: Sendable {
    /// Reaches a store by its URL.
    let opener: any ImageStoreOpener
    private let open = Mutex<[String: any ImageStoreAccess]>([:])

    init(opener: any ImageStoreOpener) {
        self.opener = opener
    }

    /// A store's files reached by its URL: `nfs://server/export` or `file:///path`.
    public func access(_ store: ImageStore) throws -> any ImageStoreAccess {
        if let known = open.withLock({ $0[store.id] }) { return known }
        let made = try opener.open(url: store.url, protocolName: store.protocolName)
        return open.withLock { open in
            if let raced = open[store.id] { return raced }
            open[store.id] = made
            return made
        }
    }

    /// Forgets and closes the access of a deleted store.
    public func forget(storeId: String) async {
        let access = open.withLock { $0.removeValue(forKey: storeId) }
        await access?.close()
    }

    /// Closes every access (at shutdown).
    public func closeAll() async {
        let all = open.withLock { open in
            defer { open.removeAll() }
            return Array(open.values)
        }
        for access in all { await access.close() }
    }
}
