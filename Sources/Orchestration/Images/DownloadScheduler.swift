import Foundation
import ServiceLifecycle

/// Runs template and ISO downloads in the background: on start it requeues downloads a stop cut short,
/// then starts queued downloads whenever one is registered or finishes (and every two seconds), at most
/// `secstorage.max.concurrent.downloads` per zone, each as a child task of its own. On shutdown it cancels
/// running downloads, which go back to the queue and start again on the next start, and waits for them.
public struct DownloadScheduler: Service {
    let images: ImageService

    public init(images: ImageService) {
        self.images = images
    }

    public func run() async throws {
        let images = self.images
        await images.requeueInterrupted()
        await withDiscardingTaskGroup { group in
            group.addTask {
                while await pause(for: .seconds(2)) { images.wake.signal() }
            }
            images.wake.signal()
            await withGracefulShutdownHandler {
                for await _ in images.wake.stream {
                    for ref in await images.startableDownloads() {
                        group.addTask { await images.runDownload(ref) }
                    }
                }
            } onGracefulShutdown: {
                images.stopping.store(true, ordering: .relaxed)
                images.wake.finish()
            }
            images.stopping.store(true, ordering: .relaxed)
            group.cancelAll()
        }
        await images.shutdownConnections()
    }
}
