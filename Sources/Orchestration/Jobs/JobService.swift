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

/// Runs asynchronous jobs: persists each job, runs its work in a task, records
/// the outcome, and on start-up fails jobs an earlier process left running.
public final class JobService: Sendable {
    let db: Database
    let logger: Logger
    let managementServerId: String
    let events: EventRecorder
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    private let recoveryRules = Mutex<[String: JobRecoveryRule]>([:])

    init(db: Database, events: EventRecorder, managementServerId: String, logger: Logger) {
        self.db = db
        self.events = events
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
        let stale = try await db.read.all(Tables.asyncJob, [.equals("status", JobStatus.inProgress.rawValue)])
        for job in stale {
            let rule = recoveryRules.withLock { $0[job.command] }
            try await db.transaction { store in
                if let rule { try await rule(job, store) }
                _ = try await store.compareAndSet(
                    "async_job", id: job.id, expected: [("status", JobStatus.inProgress.rawValue)],
                    set: [("status", JobStatus.failed.rawValue), ("result_code", 530), ("result", failureResult), ("completed", Date())])
                try await events.record(
                    "JOB.FAILED", "Job \(job.id) (\(job.command)) was interrupted by a management-server stop",
                    by: Actor(userId: job.userId, accountId: job.accountId, domainId: ""), resourceId: job.instanceId,
                    resourceType: job.instanceType, level: "ERROR", in: store)
            }
            logger.warning("marked interrupted job \(job.id) (\(job.command)) as failed")
        }
        return stale.count
    }

    /// Persists a new job and starts its work. Returns the job as stored.
    @discardableResult
    public func submit(
        command: String, parameters: String, actor: Actor, instanceType: String?, instanceId: String?,
        work: @escaping @Sendable () async -> JobOutcome
    ) async throws -> AsyncJob {
        let job = AsyncJob(
            id: ResourceID.make(), accountId: actor.accountId, userId: actor.userId ?? "", command: command,
            parameters: parameters, instanceType: instanceType, instanceId: instanceId,
            managementServerId: managementServerId)
        try await db.transaction { store in
            try await store.insert(job, into: Tables.asyncJob)
            try await events.record(
                "JOB.SUBMIT", "\(command) job \(job.id) submitted", by: actor, resourceId: instanceId,
                resourceType: instanceType, state: "Scheduled", in: store)
        }
        // The task is stored under the lock it removes itself under, so a job that
        // finishes at once can not leave a finished task behind.
        running.withLock { tasks in
            tasks[job.id] = Task {
                let outcome = await work()
                await self.complete(job, outcome: outcome, actor: actor)
            }
        }
        return job
    }

    func complete(_ job: AsyncJob, outcome: JobOutcome, actor: Actor) async {
        let (status, code, result): (JobStatus, Int, String) = switch outcome {
        case .succeeded(let result): (.succeeded, 0, result)
        case .failed(let code, let result): (.failed, code, result)
        }
        do {
            try await db.transaction { store in
                _ = try await store.compareAndSet(
                    "async_job", id: job.id, expected: [("status", JobStatus.inProgress.rawValue)],
                    set: [("status", status.rawValue), ("result_code", code), ("result", result), ("completed", Date())])
                try await events.record(
                    "JOB.COMPLETE", "\(job.command) job \(job.id) \(status == .succeeded ? "succeeded" : "failed")",
                    by: actor, resourceId: job.instanceId, resourceType: job.instanceType,
                    level: status == .succeeded ? "INFO" : "ERROR", in: store)
            }
        } catch {
            logger.error("could not record the outcome of job \(job.id): \(error)")
        }
        _ = running.withLock { $0.removeValue(forKey: job.id) }
    }

    /// Waits up to `timeout` for running jobs to finish; returns false if some are still running.
    /// Jobs left running are failed by `recoverInterruptedJobs` on the next start.
    public func drain(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.drain()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let finished = await group.next() ?? false
            group.cancelAll()
            return finished
        }
    }

    /// Waits for every running job to finish (used on graceful shutdown and in tests).
    public func drain() async {
        while true {
            let tasks = running.withLock { $0 }
            if tasks.isEmpty { return }
            for (id, task) in tasks {
                await task.value
                _ = running.withLock { $0.removeValue(forKey: id) }
            }
        }
    }
}
