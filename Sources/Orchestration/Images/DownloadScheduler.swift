import Foundation
import ServiceLifecycle

/// Runs template and ISO downloads in the background: on start it requeues downloads a stop cut short,
/// then starts queued downloads whenever one is registered or finishes (and every two seconds), at most
/// `secstorage.max.concurrent.downloads` per zone. On shutdown it cancels running downloads, which go
/// back to the queue and start again on the next start.
public struct DownloadScheduler: Service {
    let images: ImageService

    public init(images: ImageService) {
        self.images = images
    }

    public func run() async throws {
        await images.requeueInterrupted()
        let images = self.images
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                images.wake.signal()
            }
        }
        images.wake.signal()
        await withGracefulShutdownHandler {
            for await _ in images.wake.stream {
                await images.dispatchPending()
            }
        } onGracefulShutdown: {
            images.stopping.store(true, ordering: .relaxed)
            images.wake.finish()
        }
        ticker.cancel()
        await images.stopDownloads()
        await images.shutdownConnections()
    }
}
