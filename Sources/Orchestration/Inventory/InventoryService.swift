import DomainModel
import Foundation
import ImageTransfer
import Persistence

/// Creates, changes and removes the infrastructure inventory: zones, pods,
/// clusters, hosts, primary and secondary storage. Every change writes an event
/// in the same transaction.
public final class InventoryService: Sendable {
    let db: Database
    let events: EventRecorder
    /// Knows which VMs run on a host, as its agent reports them (maintenance waits for none).
    let agents: AgentService
    /// Reaches an image store before it is added, to check it.
    let imageStores: any ImageStoreOpener

    init(db: Database, events: EventRecorder, agents: AgentService, imageStores: any ImageStoreOpener) {
        self.db = db
        self.events = events
        self.agents = agents
        self.imageStores = imageStores
    }

    func registerRecoveryRules(on jobs: JobService) {
        registerHostRecoveryRules(on: jobs)
    }

    /// What may still live inside a zone, pod or cluster: what its rows are called, and whether any of
    /// them (not removed, for rows with soft delete) still refers to the one being deleted.
    struct Dependent {
        let what: String
        let exists: @Sendable (_ id: String, _ store: Store) async throws -> Bool

        init(_ what: String, _ exists: @escaping @Sendable (_ id: String, _ store: Store) async throws -> Bool) {
            self.what = what
            self.exists = exists
        }
    }

    /// Refuses to delete the `kind` with `id` while any dependent row still refers to it.
    static func refuseDeletionWhileUsed(_ kind: String, id: String, by dependents: [Dependent], in store: Store) async throws {
        for dependent in dependents where try await dependent.exists(id, store) {
            throw DomainError.invalidState("The \(kind) is not deletable because there are \(dependent.what) in this \(kind)")
        }
    }

    /// Fails with a 431-style error unless `value` is a dotted IPv4 address.
    static func address(_ value: String, _ parameter: String) throws -> IPv4Address {
        guard let address = IPv4Address(value) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for \(parameter): \(value)")
        }
        return address
    }
}
