import DomainModel
import Foundation
import Logging
import Persistence
import Synchronization

/// How a job's work ended, as the job service stores it. The result text is
/// opaque here: the API layer writes and reads it.
public enum JobOutcome: Sendable {
    case succeeded(result: String)
    case failed(code: Int, result: String)
}

/// A rule that puts a resource back into a consistent state when the job that
/// was changing it was cut short by a management-server stop.
public typealias JobRecoveryRule = @Sendable (AsyncJob, Store) async throws -> Void

/// Runs asynchronous jobs: persists each job, runs its work as background work, records
/// the outcome, and on start-up fails jobs an earlier process left running.
public final class JobService: Sendable {
    let db: Database
    let logger: Logger
    let managementServerId: String
    let events: EventRecorder
    let background: BackgroundWork
    private let recoveryRules = Mutex<[String: JobRecoveryRule]>([:])

    init(db: Database, events: EventRecorder, background: BackgroundWork, managementServerId: String, logger: Logger) {
        self.db = db
        self.events = events
        self.background = background
        self.managementServerId = managementServerId
        self.logger = logger
    }

    /// Registers what to do with a resource when a job of `command` is found interrupted.
    public func onInterrupted(_ command: String, _ rule: @escaping JobRecoveryRule) {
        recoveryRules.withLock { $0[command] = rule }
    }

    /// The text stored as the result of a job cut short by a restart.
    public static let interruptedReason = "The management server stopped while this job was running; the job did not complete. Check the resource and retry."

    /// Marks every job still in progress as failed and applies the recovery rule of its command.
    public func recoverInterruptedJobs(failureResult: String) async throws -> Int {
        let stale = try await db.read.all(Tables.asyncJob, [.equals(.status, JobStatus.inProgress)])
        for job in stale {
            let rule = recoveryRules.withLock { $0[job.command] }
            try await db.transaction { store in
                if let rule { try await rule(job, store) }
                _ = try await store.update(Tables.asyncJob, id: job.id, where: [.equals(.status, .inProgress)], set: [.set(.status, .failed), .set(.resultCode, 530), .set(.result, failureResult), .set(.completed, Date())])
                try await events.record(
                    "JOB.FAILED", "Job \(job.id) (\(job.command)) was interrupted by a management-server stop",
                    by: Initiator(userId: job.userId, accountId: job.accountId, domainId: ""), resourceId: job.instanceId,
                    resourceType: job.instanceType, level: .error, in: store)
            }
            logger.warning("marked interrupted job \(job.id) (\(job.command)) as failed")
        }
        return stale.count
    }

    /// Persists a new job and starts its work. Returns the job as stored.
    @discardableResult
    public func submit(
        command: String, parameters: String, initiator: Initiator, instanceType: String?, instanceId: String?,
        work: @escaping @Sendable () async -> JobOutcome
    ) async throws -> AsyncJob {
        let job = AsyncJob(
            id: ResourceID.make(), accountId: initiator.accountId, userId: initiator.userId ?? "", command: command,
            parameters: parameters, instanceType: instanceType, instanceId: instanceId,
            managementServerId: managementServerId)
        try await db.transaction { store in
            try await store.insert(job, into: Tables.asyncJob)
            try await events.record(
                "JOB.SUBMIT", "\(command) job \(job.id) submitted", by: initiator, resourceId: instanceId,
                resourceType: instanceType, state: "Scheduled", in: store)
        }
        background.submit("job \(job.id) (\(command))") {
            let outcome = await work()
            await self.complete(job, outcome: outcome, initiator: initiator)
        }
        return job
    }

    func complete(_ job: AsyncJob, outcome: JobOutcome, initiator: Initiator) async {
        let (status, code, result): (JobStatus, Int, String) = switch outcome {
        case .succeeded(let result): (.succeeded, 0, result)
        case .failed(let code, let result): (.failed, code, result)
        }
        do {
            try await db.transaction { store in
                _ = try await store.update(Tables.asyncJob, id: job.id, where: [.equals(.status, .inProgress)], set: [.set(.status, status), .set(.resultCode, code), .set(.result, result), .set(.completed, Date())])
                try await events.record(
                    "JOB.COMPLETE", "\(job.command) job \(job.id) \(status == .succeeded ? "succeeded" : "failed")",
                    by: initiator, resourceId: job.instanceId, resourceType: job.instanceType,
                    level: status == .succeeded ? .info : .error, in: store)
            }
        } catch {
            logger.error("could not record the outcome of job \(job.id): \(error)")
        }
    }

    /// Waits up to `timeout` for running jobs (and other background work) to finish; false if some still run.
    /// Jobs left running are failed by `recoverInterruptedJobs` on the next start.
    public func drain(timeout: Duration) async -> Bool {
        await background.drain(timeout: timeout)
    }
}
