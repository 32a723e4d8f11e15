import HypervisorSimulator

/// Runs `body` with a started `TestCloud` and a built `TestZone`, and shuts the cloud down afterwards, also
/// when `body` throws.
public func withTestZone(driver: SimulatedDriver? = nil, _ body: (TestCloud, TestZone) async throws -> Void) async throws {
    let test = try await TestCloud.start(driver: driver)
    do {
        let zone = try await TestZone.build(in: test)
        try await body(test, zone)
    } catch {
        await test.shutDown()
        throw error
    }
    await test.shutDown()
}
