import AgentProtocol
import Foundation
import HummingbirdWebSocket

/// Encodes and decodes protocol messages as JSON text frames.
enum FrameCodec {
    /// The largest message either end accepts (a startup report of a host with many VMs fits easily).
    static let maxMessageBytes = 8 << 20
    /// The largest message the server reads from a connection that has not said hello yet: a registration or
    /// a hello with the host's startup report. What a stranger can make the server hold stays small.
    static let maxGreetingBytes = 256 << 10
    /// The largest frame the server accepts; agents send longer messages in several frames (`FramedOutbound`).
    static let maxFrameBytes = 256 << 10

    static func encode(_ message: some Encodable) throws -> String {
        let data = try JSONEncoder().encode(message)
        return String(decoding: data, as: UTF8.self)
    }

    /// The message in a frame, or nil when the frame is not a well-formed message of this type.
    static func decode<T: Decodable>(_ type: T.Type, from message: WebSocketMessage) -> T? {
        guard case .text(let text) = message else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension AgentMessage {
    /// A short name for logs.
    var kind: String {
        switch self {
        case .register: "register"
        case .hello: "hello"
        case .ping: "ping"
        case .alive: "alive"
        case .powerStateChanged: "powerStateChanged"
        case .answer: "answer"
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
