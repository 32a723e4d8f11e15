import Logging
import Orchestration
import Persistence

/// The services every command shares, whatever its resource: reads of the stored state, the default page
/// size, the account rules that decide what a caller may see or act for, and the runner of asynchronous jobs.
public struct CommandServices: Sendable {
    let reads: Store
    let settings: Settings
    let identity: IdentityService
    let jobs: JobService
    let logger: Logger

    public init(cloud: Cloud) {
        reads = cloud.db.read
        settings = cloud.settings
        identity = cloud.identity
        jobs = cloud.jobs
        logger = cloud.logger
    }

    /// `default.page.size`: the page a list answers when none is asked for, and the largest one it answers.
    var defaultPageSize: Int { settings.int("default.page.size") }
}
