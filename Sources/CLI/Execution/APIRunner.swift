import APIClient

/// Sends one validated API call and prints its result: waits for asynchronous jobs
/// (polling every second, spinner on a terminal), pages through lists with `--all`.
struct APIRunner {
    /// How to run a call beyond its parameters.
    struct Options: Sendable {
        var output: OutputFormat
        /// Fetch every page (list commands only).
        var allPages = false
        /// Print the job id at once instead of waiting for an asynchronous job.
        var noWait = false
        var pollInterval: Duration = .seconds(1)
    }

    let connection: APIConnection
    let terminal: Terminal

    func run(_ invocation: APIInvocation, options: Options) async throws {
        let response = try await fetch(invocation, options: options)
        terminal.out(OutputRenderer.render(response, as: options.output, filter: invocation.filter))
    }

    func fetch(_ invocation: APIInvocation, options: Options) async throws -> [String: JSONValue] {
        let api = invocation.api
        let pairs = invocation.pairs
        let timeout = connection.requestTimeout
        if options.allPages {
            guard api.isList else { throw UsageError("--all pages through list commands; \(api.name) is not one") }
            let addListAll = api.parameter("listall") != nil && invocation.value(of: "listall") == nil
            let params = pairs + (addListAll ? [("listall", "true")] : [])
            let pageSize = invocation.value(of: "pagesize").flatMap(Int.init) ?? 500
            return try await connection.perform { try await $0.listAll(api.name, params, pageSize: pageSize) }
        }
        let answer = try await connection.perform { try await $0.call(api.name, pairs, timeout: timeout) }
        guard api.isAsync, !options.noWait, let jobId = answer["jobid"]?.string else { return answer }
        return try await wait(for: jobId, options: options)
    }

    func wait(for jobId: String, options: Options) async throws -> [String: JSONValue] {
        let interval = options.pollInterval
        let limit = Duration.seconds(connection.profile.timeoutSeconds)
        return try await Spinner.showing(jobId: jobId, terminal: terminal) { spinner in
            try await connection.perform { client in
                try await client.waitForJob(jobId, pollInterval: interval, timeout: limit) { spinner?.polled($0) }
            }
        }
    }
}
