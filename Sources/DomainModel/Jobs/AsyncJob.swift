import Foundation

/// The status of an asynchronous job, numbered as CloudStack's `jobstatus`.
public enum JobStatus: Int, Codable, Sendable {
    case inProgress = 0
    case succeeded = 1
    case failed = 2
}

/// A persisted asynchronous job: who started which command on which resource, and how it ended.
public struct AsyncJob: Codable, Sendable, Equatable {
    public var id: String
    public var accountId: String
    public var userId: String
    /// The API command that started the job.
    public var command: String
    /// The request parameters the job runs with, as JSON.
    public var parameters: String
    public var status: JobStatus = .inProgress
    public var resultCode: Int = 0
    /// The job's outcome as JSON: the affected resource's kind and id, or an error.
    public var result: String?
    public var instanceType: String?
    public var instanceId: String?
    public var managementServerId: String
    public var created: Date = Date()
    public var completed: Date?

    public init(
        id: String,
        accountId: String,
        userId: String,
        command: String,
        parameters: String,
        status: JobStatus = .inProgress,
        resultCode: Int = 0,
        result: String? = nil,
        instanceType: String? = nil,
        instanceId: String? = nil,
        managementServerId: String,
        created: Date = Date(),
        completed: Date? = nil
    ) {
        self.id = id
        self.accountId = accountId
        self.userId = userId
        self.command = command
        self.parameters = parameters
        self.status = status
        self.resultCode = resultCode
        self.result = result
        self.instanceType = instanceType
        self.instanceId = instanceId
        self.managementServerId = managementServerId
        self.created = created
        self.completed = completed
    }
}
