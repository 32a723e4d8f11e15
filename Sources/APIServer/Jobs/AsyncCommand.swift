import APIModel
import DomainModel
import Foundation
import Orchestration

extension CommandContext {
    /// Runs `work` as an asynchronous job and answers at once with the job id
    /// (and, for commands that create a resource, the new resource's id).
    func runAsJob(
        instanceType: String?, instanceId: String?,
        _ work: @escaping @Sendable () async throws -> APIResponse
    ) async throws -> APIResponse {
        let command = descriptor.name
        let job = try await services.jobs.submit(
            command: command, parameters: JobRecord.storedParameters(params), initiator: initiator,
            instanceType: instanceType, instanceId: instanceId
        ) {
            do {
                return .succeeded(result: JobRecord.encode(JobRecord.resultObject(try await work())))
            } catch {
                let apiError = APIError.from(error, command: command, logger: services.logger).masked(for: caller)
                return .failed(code: apiError.code.rawValue, result: JobRecord.encode(apiError.fields))
            }
        }
        var body = APIObject()
        if descriptor.createsResource { body.set("id", instanceId) }
        body.set("jobid", job.id)
        return .inline(body)
    }
}

/// How job parameters and results are stored in the job table.
enum JobRecord {
    /// Parameters worth keeping for an operator: everything but credentials.
    static func storedParameters(_ params: RequestParameters) -> String {
        let hidden: Set<String> = ["signature", "apikey", "sessionkey", "password", "currentpassword", "secretkey", "userdata"]
        var kept: [String: String] = [:]
        for (name, value) in params.values where !hidden.contains(name) { kept[name] = value }
        let data = (try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The `jobresult` object for a command's response: keyed by object name, or `{"success":true}`.
    static func resultObject(_ response: APIResponse) -> APIObject {
        switch response {
        case .object(let name, let object):
            return [name: .object(object)]
        case .list(let name, let items, _):
            return [name: .array(items.map(APIValue.object))]
        case .inline(let object):
            return object
        case .success(let text):
            var o: APIObject = ["success": true]
            o.set("details", text)
            return o
        }
    }

    static func encode(_ object: APIObject) -> String {
        let data = (try? JSONEncoder().encode(object)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> APIObject? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(APIObject.self, from: Data(text.utf8))
    }
}
