import CLibvirt
import Hypervisor

/// Maps libvirt error numbers onto the driver-neutral `HypervisorError.Kind`.
enum LibvirtErrorMapping {
    static func kind(forCode code: Int32) -> HypervisorError.Kind {
        switch UInt32(bitPattern: code) {
        case VIR_ERR_NO_DOMAIN.rawValue:
            return .noDomain
        case VIR_ERR_NO_NETWORK.rawValue:
            return .noNetwork
        case VIR_ERR_NO_STORAGE_POOL.rawValue:
            return .noPool
        case VIR_ERR_NO_STORAGE_VOL.rawValue:
            return .noVolume
        case VIR_ERR_OPERATION_INVALID.rawValue, VIR_ERR_NO_SUPPORT.rawValue, VIR_ERR_OPERATION_UNSUPPORTED.rawValue,
             VIR_ERR_DOM_EXIST.rawValue, VIR_ERR_NETWORK_EXIST.rawValue, VIR_ERR_STORAGE_VOL_EXIST.rawValue,
             VIR_ERR_OPERATION_DENIED.rawValue:
            return .invalidOperation
        case VIR_ERR_INVALID_ARG.rawValue, VIR_ERR_XML_ERROR.rawValue, VIR_ERR_XML_DETAIL.rawValue,
             VIR_ERR_CONFIG_UNSUPPORTED.rawValue, VIR_ERR_ARGUMENT_UNSUPPORTED.rawValue, VIR_ERR_INVALID_MAC.rawValue,
             VIR_ERR_XML_INVALID_SCHEMA.rawValue:
            return .invalidArgument
        case VIR_ERR_NO_CONNECT.rawValue, VIR_ERR_INVALID_CONN.rawValue, VIR_ERR_RPC.rawValue, VIR_ERR_AUTH_FAILED.rawValue,
             VIR_ERR_AUTH_CANCELLED.rawValue, VIR_ERR_AUTH_UNAVAILABLE.rawValue, VIR_ERR_OPERATION_TIMEOUT.rawValue:
            return .connection
        default:
            return .failed
        }
    }

    /// Copies the calling thread's last libvirt error. Call it right after the failing libvirt call,
    /// in the same synchronous code on the same thread (libvirt keeps the error thread-local).
    static func captureLast(_ context: String) -> HypervisorError {
        var raw = cumulo_error()
        cumulo_error_capture(&raw)
        defer { cumulo_error_clear(&raw) }
        return make(raw, context: context)
    }

    static func make(_ raw: cumulo_error, context: String) -> HypervisorError {
        let detail = raw.message.map { String(cString: $0) } ?? "unknown libvirt error"
        return HypervisorError(kind(forCode: raw.code), "\(context): \(detail)", code: raw.code)
    }
}

extension HypervisorError {
    /// True when the error is the libvirt error number `number`.
    func isLibvirt(_ number: virErrorNumber) -> Bool {
        code == Int32(bitPattern: number.rawValue)
    }
}
