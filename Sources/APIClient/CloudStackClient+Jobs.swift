/// Waiting for asynchronous jobs with `queryAsyncJobResult`.
extension CloudStackClient {
    /// Calls an asynchronous command and polls until the job ends; returns the job's `jobresult`.
    /// `onPoll` is told how many polls have been answered so far (for progress displays).
    public func callAndWait(
        _ command: String, _ params: [(String, String)] = [], pollInterval: Duration = .seconds(2),
        timeout: Duration = .seconds(3600), onPoll: (@Sendable (Int) -> Void)? = nil
    ) async throws -> [String: JSONValue] {
        let submitted = try await call(command, params)
        guard let jobId = submitted["jobid"]?.string else { return submitted }
        return try await waitForJob(jobId, pollInterval: pollInterval, timeout: timeout, onPoll: onPoll)
    }

    /// Polls `queryAsyncJobResult` until the job succeeds (returns `jobresult`) or fails (throws its error).
    public func waitForJob(
        _ jobId: String, pollInterval: Duration = .seconds(2), timeout: Duration = .seconds(3600),
        onPoll: (@Sendable (Int) -> Void)? = nil
    ) async throws -> [String: JSONValue] {
        let deadline = ContinuousClock.now + timeout
        var polls = 0
        while ContinuousClock.now < deadline {
            let job = try await call("queryAsyncJobResult", [("jobid", jobId)])
            polls += 1
            onPoll?(polls)
            switch job["jobstatus"]?.int {
            case 1: return job["jobresult"]?.object ?? [:]
            case 2:
                let result = job["jobresult"]?.object ?? [:]
                throw Failure(httpStatus: 200, errorCode: result["errorcode"]?.int, errorText: result["errortext"]?.string ?? "job \(jobId) failed")
            default: try await Task.sleep(for: pollInterval)
            }
        }
        throw Failure(httpStatus: 408, errorCode: nil, errorText: "Timeout waiting for async job \(jobId)")
    }
}
