import APIModel
import APIServer
import DomainModel
import Foundation
import Logging
import Orchestration
import Persistence
import Testing

@Suite("Asynchronous jobs")
struct JobAPITests {
    @Test func jobResultShape() async throws {
        try await withTestAPI { api in
            let bob = try await api.asNewUser("dave")
            let account = try #require(try await api.ok("listAccounts", ["name": "dave", "listall": "true"]).list("account").first)
            let result = try await api.job("deleteAccount", ["id": account["id"] as! String])
            #expect(result["jobstatus"] as? Int == 1)
            #expect(result["jobresultcode"] as? Int == 0)
            #expect(result["jobresulttype"] as? String == "object")
            #expect((result["jobresult"] as? [String: Any])?["success"] as? Bool == true)
            #expect(result["jobinstancetype"] as? String == "Account")
            #expect(result["cmd"] as? String == "deleteAccount")
            #expect(result["created"] is String && result["completed"] is String)
            #expect(try await bob.call("listZones").status == 401, "a deleted account's keys stop working")

            let again = try await api.call("deleteAccount", ["id": account["id"] as! String])
            #expect(again.status == 431, "a removed account can not be deleted twice")
            let jobs = try await api.ok("listAsyncJobs")
            #expect((jobs["count"] as? Int ?? 0) >= 1)
            #expect(jobs.list("asyncjobs").allSatisfy { $0["jobstatus"] is Int })
        }
    }

    @Test func aJobRunningWhenTheServerStopsIsFailedOnRestart() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let db = try await Database.inMemory(logger: logger)
        do {
            try await checkInterruptedJobRecovery(db: db, logger: logger)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    func checkInterruptedJobRecovery(db: Database, logger: Logger) async throws {
        let config = ServerConfiguration(dataDirectory: "/nonexistent")
        let first = try await startCloud(db: db, config: config, logger: logger)
        let admin = try await db.read.first(Tables.account, [.equals(.name, "admin")])!
        let job = AsyncJob(id: ResourceID.make(), accountId: admin.id, userId: "", command: "deleteDomain", parameters: "{}",
                           instanceType: "Domain", instanceId: "x", managementServerId: first.managementServerId)
        try await db.transaction { try await $0.insert(job, into: Tables.asyncJob) }

        _ = try await startCloud(db: db, config: config, logger: logger)
        let after = try #require(try await db.read.find(Tables.asyncJob, id: job.id))
        #expect(after.status == .failed)
        #expect(after.resultCode == 530)
        #expect(after.completed != nil)
        #expect(after.result?.contains("stopped while this job was running") == true)
        let events = try await db.read.all(Tables.event, [.equals(.type, "JOB.FAILED")])
        #expect(events.count == 1)
    }
}

@Suite("Job draining")
struct JobDrainTests {
    @Test func drainGivesUpAfterItsTimeout() async throws {
        try await withTestAPI { api in
            let initiator = Initiator(userId: nil, accountId: "a", domainId: "d")
            try await api.cloud.jobs.submit(command: "test", parameters: "{}", initiator: initiator, instanceType: nil, instanceId: nil) {
                try? await Task.sleep(for: .milliseconds(400))
                return .succeeded(result: "[]")
            }
            #expect(await api.cloud.jobs.drain(timeout: .milliseconds(50)) == false)
            #expect(await api.cloud.jobs.drain(timeout: .seconds(5)) == true)
        }
    }
}
