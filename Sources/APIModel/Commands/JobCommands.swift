extension Commands {
    /// `queryAsyncJobResult`: reports an asynchronous job's progress and result.
    public static let queryAsyncJobResult = CommandDescriptor(
        "queryAsyncJobResult", "Reports whether an asynchronous job is still running and, once it is done, what it returned.",
        access: .user, response: .inline(.asyncJob),
        params: [
            .uuid("jobid", "The job to look at", of: "asyncjobs", required: true),
        ])

    /// `listAsyncJobs`: lists asynchronous jobs.
    public static let listAsyncJobs = CommandDescriptor(
        "listAsyncJobs", "Lists the caller's asynchronous jobs, running or finished.", access: .user, response: .list(.asyncJob),
        params: [
            .date("startdate", "Only jobs submitted from this time on"),
        ] + .accountScope + .paging)
}
