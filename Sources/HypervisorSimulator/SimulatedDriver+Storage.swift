import Hypervisor

extension SimulatedDriver {
    public func ensure(pool: PoolDefinition) async throws -> PoolCapacity {
        try await enter(.ensurePool)
        return try mutate { state in
            if let fault = state.poolFaults[pool.name] { return .failure(fault) }
            if pool.name.isEmpty {
                return .failure(HypervisorError(.invalidArgument, "a pool needs a name"))
            }
            let path = state.poolPath(pool)
            if let other = state.pools.values.first(where: { state.poolPath($0) == path && $0.name != pool.name }) {
                return .failure(HypervisorError(.invalidOperation, "pool '\(other.name)' already uses \(path)"))
            }
            state.pools[pool.name] = pool
            return .success(area(at: path, in: &state).capacity)
        }
    }

    public func refresh(pool name: String) async throws -> PoolCapacity {
        try await enter(.refreshPool)
        return try mutate { state in
            withPool(name, in: &state) { area in .success(area.capacity) }
        }
    }

    public func remove(pool name: String) async throws {
        try await enter(.removePool)
        _ = state.withLock { $0.pools.removeValue(forKey: name) }
    }

    public func createVolume(pool: String, spec: VolumeDefinition) async throws -> VolumeInfo {
        try await enter(.createVolume)
        return try mutate { state in
            let backing = spec.backingPath.flatMap { path in
                state.areas.values.lazy.compactMap { $0.volumes.values.first { $0.info.path == path } }.first
            }
            return withPool(pool, in: &state) { area, path in
                if spec.name.isEmpty || spec.name.contains("/") {
                    return .failure(HypervisorError(.invalidArgument, "invalid volume name '\(spec.name)'"))
                }
                if area.volumes[spec.name] != nil {
                    return .failure(HypervisorError(.invalidOperation, "storage volume '\(spec.name)' exists already"))
                }
                if spec.capacityBytes <= 0 {
                    return .failure(HypervisorError(.invalidArgument, "volume '\(spec.name)' needs a positive capacity"))
                }
                if !["qcow2", "raw"].contains(spec.format) {
                    return .failure(HypervisorError(.invalidArgument, "unsupported volume format '\(spec.format)'"))
                }
                if let backingPath = spec.backingPath {
                    if spec.format != "qcow2" {
                        return .failure(HypervisorError(.invalidArgument, "only qcow2 volumes can have a backing image"))
                    }
                    if backing == nil {
                        return .failure(HypervisorError(.noVolume, "backing image \(backingPath) not found"))
                    }
                }
                let capacity = area.capacity
                if spec.capacityBytes > capacity.availableBytes {
                    return .failure(HypervisorError(.failed, "not enough space in pool '\(pool)': \(spec.capacityBytes) bytes needed, \(capacity.availableBytes) available"))
                }
                let info = VolumeInfo(name: spec.name, path: path + "/" + spec.name, capacityBytes: spec.capacityBytes, allocationBytes: spec.capacityBytes)
                area.volumes[spec.name] = SimulatedVolume(info: info, format: spec.format, backingPath: spec.backingPath,
                                                          backingFormat: spec.backingPath == nil ? nil : (spec.backingFormat ?? backing?.format))
                return .success(info)
            }
        }
    }

    /// Records a qcow2 volume as large as the image (declared with `setImage`) or `minimumCapacityBytes`,
    /// whichever is larger; an image it does not know counts as `minimumCapacityBytes` large.
    public func copyImage(_ source: String, format: String?, pool: String, name: String, minimumCapacityBytes: Int64) async throws -> VolumeInfo {
        try await enter(.copyImage)
        return try mutate { state in
            let imageSize = state.imageSizes[source] ?? 0
            return withPool(pool, in: &state) { area, path in
                if name.isEmpty || name.contains("/") || name.hasPrefix(".") {
                    return .failure(HypervisorError(.invalidArgument, "invalid volume name '\(name)'"))
                }
                if let existing = area.volumes[name] {
                    return .success(existing.info)
                }
                let capacityBytes = max(imageSize, minimumCapacityBytes)
                if capacityBytes <= 0 {
                    return .failure(HypervisorError(.invalidArgument, "image \(source) is unknown and no size was given"))
                }
                let available = area.capacity.availableBytes
                if capacityBytes > available {
                    return .failure(HypervisorError(.failed, "not enough space in pool '\(pool)': \(capacityBytes) bytes needed, \(available) available"))
                }
                let info = VolumeInfo(name: name, path: path + "/" + name, capacityBytes: capacityBytes, allocationBytes: capacityBytes)
                area.volumes[name] = SimulatedVolume(info: info, format: "qcow2", sourceImage: source)
                return .success(info)
            }
        }
    }

    public func deleteVolume(pool: String, name: String) async throws {
        try await enter(.deleteVolume)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            withPool(pool, in: &state) { area in
                guard area.volumes.removeValue(forKey: name) != nil else { return .failure(noVolume(pool, name)) }
                return .success(())
            }
        }
    }

    public func resizeVolume(pool: String, name: String, capacityBytes: Int64) async throws {
        try await enter(.resizeVolume)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            withPool(pool, in: &state) { area in
                guard var volume = area.volumes[name] else { return .failure(noVolume(pool, name)) }
                if capacityBytes < volume.info.capacityBytes {
                    return .failure(HypervisorError(.invalidArgument, "cannot shrink volume '\(name)' from \(volume.info.capacityBytes) to \(capacityBytes) bytes"))
                }
                let growth = capacityBytes - volume.info.allocationBytes
                let available = area.capacity.availableBytes
                if growth > available {
                    return .failure(HypervisorError(.failed, "not enough space in pool '\(pool)': \(growth) more bytes needed, \(available) available"))
                }
                volume.info.capacityBytes = capacityBytes
                volume.info.allocationBytes = capacityBytes
                area.volumes[name] = volume
                return .success(())
            }
        }
    }

    public func volume(pool: String, name: String) async throws -> VolumeInfo? {
        try await enter(.volume)
        return try mutate { state in
            withPool(pool, in: &state) { area in .success(area.volumes[name]?.info) }
        }
    }

    public func listVolumes(pool: String) async throws -> [VolumeInfo] {
        try await enter(.listVolumes)
        return try mutate { state in
            withPool(pool, in: &state) { area in
                .success(area.volumes.values.map(\.info).sorted { $0.name < $1.name })
            }
        }
    }

    // MARK: Helpers

    /// The storage area behind `path`, created on first use.
    func area(at path: String, in state: inout SimulatorState) -> SimulatedStorageArea {
        if let area = state.areas[path] { return area }
        let area = SimulatedStorageArea(capacityBytes: state.areaCapacityOverrides[path] ?? defaultPoolCapacityBytes)
        state.areas[path] = area
        return area
    }

    /// Runs `body` on the storage area of an active pool, honouring the pool's injected fault.
    func withPool<T>(_ name: String, in state: inout SimulatorState,
                     _ body: (inout SimulatedStorageArea, String) -> Result<T, HypervisorError>) -> Result<T, HypervisorError> {
        if let fault = state.poolFaults[name] { return .failure(fault) }
        guard let pool = state.pools[name] else {
            return .failure(HypervisorError(.noPool, "storage pool '\(name)' not found"))
        }
        let path = state.poolPath(pool)
        var area = area(at: path, in: &state)
        let result = body(&area, path)
        state.areas[path] = area
        return result
    }

    func withPool<T>(_ name: String, in state: inout SimulatorState,
                     _ body: (inout SimulatedStorageArea) -> Result<T, HypervisorError>) -> Result<T, HypervisorError> {
        withPool(name, in: &state) { area, _ in body(&area) }
    }

    func noVolume(_ pool: String, _ name: String) -> HypervisorError {
        HypervisorError(.noVolume, "storage volume '\(name)' not found in pool '\(pool)'")
    }
}
