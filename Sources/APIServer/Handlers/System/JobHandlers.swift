import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// Handlers of queryAsyncJobResult and listAsyncJobs.
enum JobHandlers {
    static func query(_ ctx: CommandContext) async throws -> APIResponse {
        let id = try ctx.required("jobid")
        guard ResourceID.isWellFormed(id), let job = try await ctx.reads.find(Tables.asyncJob, id: id),
              try await visible(job, to: ctx) else {
            throw APIError.unknownEntity("jobid", value: id, command: ctx.descriptor.name)
        }
        return .inline(try await render(job, NameLookup(reads: ctx.reads)))
    }

    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<AsyncJob>] = ctx.keywordFilter(.command)
        let accounts = try await AccountScope.accountIds(ctx)
        if let accounts { filters.append(.isIn(.accountId, accounts)) }
        if let start = ctx.string("startdate"), let date = ExpiryParser.parse(start) ?? ParameterValidator.plainDate(start) {
            filters.append(.atLeast(.created, date))
        }
        let (jobs, total) = try await ctx.reads.page(Tables.asyncJob, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for job in jobs { items.append(try await render(job, names)) }
        return .list(objectName: "asyncjobs", items: items, count: total)
    }

    static func visible(_ job: AsyncJob, to ctx: CommandContext) async throws -> Bool {
        if job.accountId == ctx.caller.account.id { return true }
        return try await ctx.services.identity.administers(accountId: job.accountId, caller: ctx.caller)
    }

    static func render(_ job: AsyncJob, _ names: NameLookup) async throws -> APIObject {
        let account = try await names.reads.find(Tables.account, id: job.accountId)
        var o = APIObject()
        o.set("accountid", job.accountId)
        o.set("account", account?.name)
        o.set("domainid", account?.domainId)
        o.set("domainpath", try await names.domainPath(account?.domainId))
        o.set("userid", job.userId)
        o.set("cmd", job.command)
        o.set("jobprocstatus", 0)
        o.set("jobresultcode", job.resultCode)
        if job.status != .inProgress {
            o.set("jobresulttype", "object")
            o.set("jobresult", JobRecord.decode(job.result) ?? APIObject())
        }
        o.set("jobinstancetype", job.instanceType)
        o.set("jobinstanceid", job.instanceId)
        o.set("managementserverid", job.managementServerId)
        o.set("created", APIDate.string(job.created))
        o.set("completed", job.completed.map(APIDate.string))
        o.set("jobid", job.id)
        o.set("jobstatus", job.status.rawValue)
        return o
    }
}

extension JobHandlers {
    static let table: [String: CommandHandler] = [
        "queryAsyncJobResult": query,
        "listAsyncJobs": list,
    ]
}
