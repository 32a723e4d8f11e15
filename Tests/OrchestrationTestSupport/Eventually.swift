/// Checks `condition` every 20 ms until it holds or `timeout` passes, for effects that land after a workflow
/// returns (fire-and-forget DHCP updates, reports handled on the agent's own tasks). A condition that throws
/// counts as not holding yet. Returns whether it held.
public func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if (try? await condition()) == true { return true }
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
}
