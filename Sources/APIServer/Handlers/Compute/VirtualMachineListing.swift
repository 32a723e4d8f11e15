import APIModel
import DomainModel
import Persistence

/// The handler of listVirtualMachines: filters, account scoping and paging.
enum VirtualMachineListing {
    /// The values CloudStack accepts in `details`; each answer carries every group anyway.
    static let detailGroups: Set<String> = ["all", "group", "nics", "stats", "secgrp", "tmpl", "servoff", "diskoff", "backoff", "iso", "volume", "min", "affgrp"]

    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        for value in ctx.list("details") ?? [] where !detailGroups.contains(value.lowercased()) {
            throw APIError.invalidParameter("Invalid details value \(value); use \(detailGroups.sorted().joined(separator: ", "))")
        }
        var filters: [Filter<VirtualMachine>] = try await filters(ctx)
        if let accounts = try await AccountScope.accountIds(ctx) { filters.append(.isIn(.accountId, accounts)) }
        if let keypair = ctx.nonEmpty("keypair") {
            // The column holds a comma-separated list: narrow with SQL, then match names exactly.
            let candidates = try await ctx.reads.all(Tables.vmInstance, filters + [.contains(keypair, in: .keypairs)])
            filters.append(.isIn(.id, candidates.filter { $0.keypairNames.contains(keypair) }.map(\.id)))
        }
        let (vms, total) = try await ctx.reads.page(Tables.vmInstance, filters, page: try ctx.page)
        if ctx.bool("retrieveonlyresourcecount") == true {
            return .list(objectName: "virtualmachine", items: [], count: total)
        }
        return .list(objectName: "virtualmachine", items: try await ComputeResponses.vmObjects(vms, ctx), count: total)
    }

    /// Everything but account scoping and `keypair`. Expunged VMs (`removed` set) are never listed.
    static func filters(_ ctx: CommandContext) async throws -> [Filter<VirtualMachine>] {
        var filters: [Filter<VirtualMachine>] = [.isNull(.removed)] + ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayName)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("templateid", .templateId, into: &filters)
        ctx.match("isoid", .isoId, into: &filters)
        ctx.match("serviceofferingid", .serviceOfferingId, into: &filters)
        ctx.match("hostid", .hostId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("clusterid", .clusterId, into: &filters)
        if ctx.nonEmpty("state")?.lowercased() == "present" {
            filters.append(.isIn(.state, VirtualMachineState.allCases.filter { $0 != .destroyed && $0 != .expunging }))
        } else {
            ctx.match("state", .state, into: &filters)
        }
        if let haEnabled = ctx.bool("haenable") { filters.append(.equals(.haEnabled, haEnabled)) }
        if let networkId = ctx.nonEmpty("networkid") {
            let nics = try await ctx.reads.all(Tables.nic, [.equals(.networkId, networkId), .isNull(.removed)])
            filters.append(.isIn(.id, nics.map(\.vmId)))
        }
        // Every VM runs on KVM, is shown to its owner and belongs to no project.
        let hypervisor = ctx.nonEmpty("hypervisor")
        if hypervisor.map({ $0.lowercased() != "kvm" }) ?? false || ctx.bool("displayvm") == false || ctx.nonEmpty("projectid") != nil {
            filters.append(.nothing)
        }
        return filters
    }
}
