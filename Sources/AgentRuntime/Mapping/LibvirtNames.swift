/// Names the agent gives libvirt objects, derived from the server's ids.
enum LibvirtNames {
    static let prefix = "cumulo-"

    static func network(_ networkId: String) -> String { prefix + networkId }
    static func pool(_ poolId: String) -> String { prefix + poolId }
}
