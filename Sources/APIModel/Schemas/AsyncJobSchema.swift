extension ResponseSchema {
    /// An asynchronous job: its owner, progress and, once finished, its result.
    public static let asyncJob = ResponseSchema("asyncjobs", [
        .init("accountid", "string", "the account that started the job"),
        .init("account", "string", "the name of that account"),
        .init("domainid", "string", "the domain of that account"),
        .init("domainpath", "string", "the path of that domain"),
        .init("userid", "string", "the user who started the job"),
        .init("cmd", "string", "the command the job runs"),
        .init("jobstatus", "integer", "0 while running, 1 when it succeeded, 2 when it failed"),
        .init("jobprocstatus", "integer", "progress detail while the job runs"),
        .init("jobresultcode", "integer", "0 on success, the error code on failure"),
        .init("jobresulttype", "string", "the kind of result, once there is one"),
        .init("jobresult", "object", "the result: the object acted on, a success flag, or the error"),
        .init("jobinstancetype", "string", "the kind of object the job acts on (VirtualMachine, Host, …)"),
        .init("jobinstanceid", "string", "the id of the object the job acts on"),
        .init("managementserverid", "string", "the management server running the job"),
        .init("managementservername", "string", "the name of that management server"),
        .init("created", "date", "when the job was submitted"),
        .init("completed", "date", "when the job finished"),
        .init("jobid", "string", "the job's id"),
    ])
}
