import AgentProtocol

/// Takes the host id the server gave and attaches every pool of the adoption; a pool that fails is logged
/// and reported in pings, and does not keep the others from attaching.
struct AdoptHandler: CommandHandler {
    let adoption: Adoption

    var action: String { "adopt host \(adoption.hostId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        context.identity.setHostId(adoption.hostId)
        context.logger.info("adopted", metadata: ["host": "\(adoption.hostId)", "zone": "\(adoption.zoneId)",
                                                  "cluster": "\(adoption.clusterId)", "pools": "\(adoption.pools.count)"])
        let storage = context.storage
        let logger = context.logger
        await withTaskGroup(of: Void.self) { group in
            for pool in adoption.pools {
                group.addTask {
                    do {
                        let report = try await storage.attach(pool)
                        logger.info("pool attached", metadata: ["pool": "\(pool.poolId)", "capacity": "\(report.capacityBytes)",
                                                                "available": "\(report.availableBytes)"])
                    } catch {
                        logger.warning("pool could not be attached", metadata: ["pool": "\(pool.poolId)", "error": "\(FailureReason.describe(error))"])
                    }
                }
            }
        }
        return .done
    }
}
