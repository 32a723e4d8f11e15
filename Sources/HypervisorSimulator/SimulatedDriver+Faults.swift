import Hypervisor

extension SimulatedDriver {
    /// Makes the next `times` calls of `operation` throw `error` (queued after any failures already scripted).
    public func failNext(_ operation: SimulatedOperation, times: Int = 1, with error: HypervisorError) {
        guard times > 0 else { return }
        state.withLock { state in
            state.failures[operation, default: []].append(contentsOf: repeatElement(error, count: times))
        }
    }

    /// Makes every call of `operation` wait `duration` before it runs; nil removes the delay.
    public func delay(_ operation: SimulatedOperation, by duration: Duration?) {
        state.withLock { $0.delays[operation] = duration }
    }

    /// An unreachable host fails every call with `.connection` until it is reachable again.
    public func setReachable(_ reachable: Bool) {
        state.withLock { $0.reachable = reachable }
    }

    /// Makes every operation on the pool `name` fail with `error` (e.g. an NFS server that went away); nil heals it.
    public func setPoolFault(_ name: String, _ error: HypervisorError?) {
        state.withLock { $0.poolFaults[name] = error }
    }

    /// Sets the capacity of the storage behind a pool path, before or after a pool uses it.
    public func setCapacity(ofPoolAt path: String, bytes: Int64) {
        state.withLock { state in
            state.areaCapacityOverrides[path] = bytes
            state.areas[path]?.capacityBytes = bytes
        }
    }

    /// Declares an image `copyImage` can copy, with its virtual size; nil forgets it. Copies of images it does
    /// not know take the requested size.
    public func setImage(at location: String, virtualSizeBytes: Int64?) {
        state.withLock { $0.imageSizes[location] = virtualSizeBytes }
    }

    /// Sets how busy guests and the host are.
    public func setLoad(_ load: SimulatedLoad) {
        state.withLock { $0.load = load }
    }

    /// How a guest answers a shutdown request; `domain` nil sets the default for every domain without its own.
    public func setShutdownBehaviour(_ behaviour: GuestShutdownBehaviour, domain: String? = nil) {
        state.withLock { state in
            if let domain {
                state.domains[domain]?.shutdownBehaviour = behaviour
            } else {
                state.defaultShutdownBehaviour = behaviour
            }
        }
    }

    /// Removes every scripted failure, delay and pool fault, and makes the host reachable.
    public func clearFaults() {
        state.withLock { state in
            state.failures = [:]
            state.delays = [:]
            state.poolFaults = [:]
            state.reachable = true
        }
    }

    /// The guest powers itself off (shutdown from inside): state `shutOff`, events `shutdown` then `stopped`.
    /// Returns false when the domain does not run.
    @discardableResult
    public func guestPowerOff(domain name: String) -> Bool {
        let now = ContinuousClock.now
        return withCurrentState { state in
            guard let domain = state.domains[name], domain.state.isActive else { return false }
            state.powerOff(name, events: [.shutdown, .stopped], at: now)
            return true
        }
    }

    /// The guest crashes: state `crashed`, event `crashed`. Returns false when the domain does not run.
    @discardableResult
    public func guestCrash(domain name: String) -> Bool {
        let now = ContinuousClock.now
        return withCurrentState { state in
            guard let domain = state.domains[name], domain.state.isActive else { return false }
            state.powerOff(name, events: [.crashed], finalState: .crashed, at: now)
            return true
        }
    }

    /// The domain disappears without the agent asking (powered off if it ran, then undefined).
    /// Returns false when there is no such domain.
    @discardableResult
    public func vanish(domain name: String) -> Bool {
        let now = ContinuousClock.now
        return withCurrentState { state in
            guard let domain = state.domains[name] else { return false }
            if domain.state.isActive {
                state.powerOff(name, events: [.stopped], at: now)
            }
            state.remove(name, at: now)
            return true
        }
    }
}
