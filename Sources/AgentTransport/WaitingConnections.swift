import Synchronization

/// Agent connections that have not said hello yet: at most `total` in all and `perAddress` from one address,
/// so strangers cannot hold the server's memory with connections that never authenticate (each holds at most
/// `FrameCodec.maxGreetingBytes`). The per-address bound leaves room for a few hundred hosts that reach the
/// server through one address (NAT, or `cumulo-agent simulate`) and connect at once, as after a restart.
public final class WaitingConnections: Sendable {
    public let total: Int
    public let perAddress: Int
    private let counts = Mutex<(all: Int, byAddress: [String: Int])>((0, [:]))

    public init(total: Int = 512, perAddress: Int = 256) {
        self.total = total
        self.perAddress = perAddress
    }

    /// Counts a new connection from `address`; false (and nothing counted) when a bound is reached.
    func admit(_ address: String) -> Bool {
        counts.withLock { counts in
            let mine = counts.byAddress[address, default: 0]
            guard counts.all < total, mine < perAddress else { return false }
            counts.all += 1
            counts.byAddress[address] = mine + 1
            return true
        }
    }

    /// Forgets a connection `admit` counted: it said hello or closed.
    func release(_ address: String) {
        counts.withLock { counts in
            guard let mine = counts.byAddress[address] else { return }
            counts.all -= 1
            counts.byAddress[address] = mine > 1 ? mine - 1 : nil
        }
    }

    /// Connections counted now.
    var count: Int { counts.withLock { $0.all } }
}
