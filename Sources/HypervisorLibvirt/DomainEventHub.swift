import CLibvirt
import Foundation
import Hypervisor
import Synchronization

/// Fans libvirt lifecycle callbacks out to every `events()` stream.
final class DomainEventHub: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<DomainEvent>.Continuation]>([:])

    func subscribe() -> AsyncStream<DomainEvent> {
        let (stream, continuation) = AsyncStream<DomainEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    /// Called on the libvirt event-loop thread. Events of the internal KVM probe domain are dropped.
    func deliver(domain: String, event: Int32, detail: Int32) {
        guard domain != KVMProbe.domainName, let kind = Self.kind(event: event, detail: detail) else { return }
        publish(DomainEvent(domain: domain, kind: kind))
    }

    func publish(_ event: DomainEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets {
            continuation.yield(event)
        }
    }

    /// Ends every stream (the driver closed).
    func finishAll() {
        let targets = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            return Array(subscribers.values)
        }
        for continuation in targets {
            continuation.finish()
        }
    }

    static func kind(event: Int32, detail: Int32) -> DomainEvent.Kind? {
        switch UInt32(bitPattern: event) {
        case VIR_DOMAIN_EVENT_DEFINED.rawValue:
            return .defined
        case VIR_DOMAIN_EVENT_UNDEFINED.rawValue:
            return .undefined
        case VIR_DOMAIN_EVENT_STARTED.rawValue:
            return .started
        case VIR_DOMAIN_EVENT_SUSPENDED.rawValue, VIR_DOMAIN_EVENT_PMSUSPENDED.rawValue:
            return .suspended
        case VIR_DOMAIN_EVENT_RESUMED.rawValue:
            return .resumed
        case VIR_DOMAIN_EVENT_STOPPED.rawValue:
            switch UInt32(bitPattern: detail) {
            case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN.rawValue: return .shutdown
            case VIR_DOMAIN_EVENT_STOPPED_CRASHED.rawValue: return .crashed
            default: return .stopped
            }
        case VIR_DOMAIN_EVENT_CRASHED.rawValue:
            return .crashed
        default:
            // VIR_DOMAIN_EVENT_SHUTDOWN only says the guest began shutting down; STOPPED follows.
            return nil
        }
    }
}
