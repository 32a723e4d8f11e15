import DomainModel
import Testing

@Suite("Which offerings and networks an account may use")
struct DeploymentUseTests {
    static let paths = ["root": "/", "a": "/a/", "ab": "/a/b/", "c": "/c/"]

    static func offering(domains: String? = nil, zones: String? = nil) -> DiskOffering {
        DiskOffering(id: "o", name: "o", displayText: "o", diskSize: 1, domainIds: domains, zoneIds: zones)
    }

    @Test(arguments: [
        (nil, "/c/", true), ("", "/c/", true),
        ("a", "/a/", true), ("a", "/a/b/", true), ("ab", "/a/", false), ("a", "/c/", false), ("a", "/", false),
        ("c,ab", "/a/b/x/", true), ("gone", "/a/", false), ("root", "/c/", true),
    ] as [(String?, String, Bool)])
    func offeringsFollowTheirDomains(domains: String?, accountPath: String, available: Bool) {
        #expect(Self.offering(domains: domains).isAvailable(toDomainPath: accountPath, domainPaths: Self.paths) == available)
    }

    @Test func offeringsFollowTheirZones() {
        #expect(Self.offering().isOffered(inZone: "z1"))
        #expect(Self.offering(zones: "z1, z2").isOffered(inZone: "z2"))
        #expect(!Self.offering(zones: "z1").isOffered(inZone: "z2"))
    }

    static func network(acl: String, account: String = "owner", subdomainAccess: Bool = false) -> Network {
        Network(id: "n", name: "n", displayText: "n", zoneId: "z", networkOfferingId: "no", accountId: account, domainId: "a",
                guestType: acl == "Domain" ? "Shared" : "Isolated", aclType: acl, subdomainAccess: subdomainAccess)
    }

    @Test(arguments: [
        // An account network: its owner only.
        ("Account", false, "owner", "/a/", true), ("Account", false, "other", "/a/", false),
        // A network the domain /a/ shares: accounts of /a/, and of its subdomains only with subdomain access.
        ("Domain", false, "other", "/a/", true), ("Domain", false, "other", "/a/b/", false), ("Domain", true, "other", "/a/b/", true),
        ("Domain", true, "other", "/c/", false), ("Domain", true, "other", "/", false),
    ])
    func networksFollowTheirACL(acl: String, subdomainAccess: Bool, account: String, accountPath: String, usable: Bool) {
        let network = Self.network(acl: acl, subdomainAccess: subdomainAccess)
        #expect(network.isUsable(byAccount: account, domainPath: accountPath, networkDomainPath: "/a/") == usable)
    }
}
