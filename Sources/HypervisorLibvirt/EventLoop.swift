import CLibvirt
import Foundation

/// libvirt's default event loop, registered once per process and driven by one dedicated thread.
/// Domain events and connection keepalives are dispatched from that thread.
enum LibvirtEventLoop {
    private static let started: Bool = {
        cumulo_silence_default_error_output()
        // Must happen before the first connection is opened.
        guard virEventRegisterDefaultImpl() == 0 else { return false }
        let thread = Thread {
            while true {
                if virEventRunDefaultImpl() < 0 {
                    // Only fails on internal errors; avoid a hot loop if it keeps failing.
                    usleep(100_000)
                }
            }
        }
        thread.name = "libvirt-event-loop"
        thread.start()
        return true
    }()

    /// Registers the default implementation and starts its thread, once per process.
    @discardableResult
    static func ensureRunning() -> Bool {
        started
    }
}
