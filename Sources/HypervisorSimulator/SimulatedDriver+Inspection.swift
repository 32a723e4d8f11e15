import Hypervisor

extension SimulatedDriver {
    /// Names of all domains, without faults applied.
    public var domainNames: [String] {
        withCurrentState { $0.domains.keys.sorted() }
    }

    /// The domain's current definition, including media changes.
    public func domainSpec(_ name: String) -> DomainSpec? {
        withCurrentState { $0.domains[name]?.spec }
    }

    public func domainState(_ name: String) -> DomainState? {
        withCurrentState { $0.domains[name]?.state }
    }

    /// How often the domain was rebooted.
    public func rebootCount(_ name: String) -> Int {
        state.withLock { $0.domains[name]?.reboots ?? 0 }
    }

    public func network(_ name: String) -> NetworkSpec? {
        state.withLock { $0.networks[name] }
    }

    public func poolDefinition(_ name: String) -> PoolDefinition? {
        state.withLock { $0.pools[name] }
    }

    /// The backing image path and format of a volume, when it is an overlay.
    public func backing(pool: String, volume name: String) -> (path: String, format: String?)? {
        state.withLock { state in
            guard let definition = state.pools[pool],
                  let volume = state.areas[state.poolPath(definition)]?.volumes[name],
                  let path = volume.backingPath else { return nil }
            return (path, volume.backingFormat)
        }
    }

    /// The image a volume is a full copy of, when `copyImage` made it.
    public func sourceImage(pool: String, volume name: String) -> String? {
        state.withLock { state in
            guard let definition = state.pools[pool] else { return nil }
            return state.areas[state.poolPath(definition)]?.volumes[name]?.sourceImage
        }
    }

    /// How often `operation` was called so far, failed calls included.
    public func callCount(_ operation: SimulatedOperation) -> Int {
        state.withLock { $0.calls[operation] ?? 0 }
    }

    /// Failures still scripted for `operation`.
    public func pendingFailures(_ operation: SimulatedOperation) -> Int {
        state.withLock { $0.failures[operation]?.count ?? 0 }
    }

    /// Open `events()` streams.
    public var eventSubscriberCount: Int {
        state.withLock { $0.subscribers.count }
    }
}
