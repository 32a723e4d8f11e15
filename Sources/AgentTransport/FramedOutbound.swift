import AsyncCoordination
import NIOCore
import Synchronization
import HummingbirdWebSocket

/// Writes whole messages to one WebSocket, one message at a time, in frames of at most
/// `FrameCodec.maxFrameBytes` (the server accepts no larger frame). The lock keeps the frames of one long
/// message from interleaving with another message written meanwhile.
final class FramedOutbound: Sendable {
    let outbound: WebSocketOutboundWriter
    private let lock = AsyncLock()
    private let lastWrite = Mutex(ContinuousClock.now)

    /// Time since the last message went out.
    var sinceLastWrite: Duration { ContinuousClock.now - lastWrite.withLock { $0 } }

    init(_ outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
    }

    func write(_ text: String) async throws {
        var remaining = ByteBuffer(string: text)
        defer { lastWrite.withLock { $0 = .now } }
        try await lock.withLock {
            guard remaining.readableBytes > FrameCodec.maxFrameBytes else {
                return try await outbound.write(.text(text))
            }
            try await outbound.withTextMessageWriter { frame in
                while let piece = remaining.readSlice(length: min(FrameCodec.maxFrameBytes, remaining.readableBytes)), piece.readableBytes > 0 {
                    try await frame(piece)
                }
            }
        }
    }
}
