import DomainModel
import Testing

@Suite("Authority: who may act on which account")
struct AuthorityTests {
    static let rootAdmin = Authority.Party(accountId: "admin", role: .rootAdmin, domainPath: "/")
    static let otherRootAdmin = Authority.Party(accountId: "admin2", role: .rootAdmin, domainPath: "/")
    static let subRootAdmin = Authority.Party(accountId: "subroot", role: .rootAdmin, domainPath: "/a/")
    static let rootDomainAdmin = Authority.Party(accountId: "rda", role: .domainAdmin, domainPath: "/")
    static let peerDomainAdmin = Authority.Party(accountId: "rda2", role: .domainAdmin, domainPath: "/")
    static let aDomainAdmin = Authority.Party(accountId: "ada", role: .domainAdmin, domainPath: "/a/")
    static let abDomainAdmin = Authority.Party(accountId: "abda", role: .domainAdmin, domainPath: "/a/b/")
    static let rootUser = Authority.Party(accountId: "ru", role: .user, domainPath: "/")
    static let aUser = Authority.Party(accountId: "au", role: .user, domainPath: "/a/")
    static let aUser2 = Authority.Party(accountId: "au2", role: .user, domainPath: "/a/")
    static let cUser = Authority.Party(accountId: "cu", role: .user, domainPath: "/c/")
    static let abcUser = Authority.Party(accountId: "abcu", role: .user, domainPath: "/a/b/c/")

    @Test(arguments: [
        // A root administrator acts on everyone, other root administrators included.
        (rootAdmin, otherRootAdmin, true), (rootAdmin, subRootAdmin, true), (rootAdmin, rootDomainAdmin, true),
        (rootAdmin, abDomainAdmin, true), (rootAdmin, cUser, true),
        // A domain administrator never acts on a root administrator, wherever it sits.
        (rootDomainAdmin, rootAdmin, false), (rootDomainAdmin, subRootAdmin, false), (aDomainAdmin, subRootAdmin, false),
        // ... nor on a domain administrator of its own domain or one above it ...
        (rootDomainAdmin, peerDomainAdmin, false), (abDomainAdmin, aDomainAdmin, false), (aDomainAdmin, rootDomainAdmin, false),
        // ... but on domain administrators strictly below it.
        (rootDomainAdmin, aDomainAdmin, true), (rootDomainAdmin, abDomainAdmin, true), (aDomainAdmin, abDomainAdmin, true),
        // Users of its domain tree, and only of that tree.
        (rootDomainAdmin, rootUser, true), (rootDomainAdmin, cUser, true), (aDomainAdmin, aUser, true), (aDomainAdmin, abcUser, true),
        (aDomainAdmin, cUser, false), (aDomainAdmin, rootUser, false), (abDomainAdmin, aUser, false),
        // Its own account, always.
        (rootDomainAdmin, rootDomainAdmin, true), (abDomainAdmin, abDomainAdmin, true),
        // A user acts only on its own account.
        (aUser, aUser, true), (aUser, aUser2, false), (aUser, abcUser, false), (rootUser, cUser, false),
        (rootUser, rootDomainAdmin, false), (rootUser, rootAdmin, false),
    ])
    func mayAct(caller: Authority.Party, target: Authority.Party, allowed: Bool) {
        #expect(Authority.mayAct(caller, on: target) == allowed, "\(caller.accountId) on \(target.accountId)")
    }

    @Test func callerAnswersForItsAccountAndDomain() {
        let domain = Domain(id: "d-root", name: "ROOT", parentId: nil, path: "/", level: 0)
        let sub = Domain(id: "d-a", name: "a", parentId: "d-root", path: "/a/", level: 1)
        let admin = Account(id: "admin", name: "admin", type: .rootAdmin, domainId: domain.id)
        let manager = Account(id: "rda", name: "manager", type: .domainAdmin, domainId: domain.id)
        let user = User(id: "u", accountId: manager.id, username: "manager", passwordHash: "", firstname: "", lastname: "")
        let caller = Caller(user: user, account: manager, domain: domain)
        #expect(!caller.mayAct(on: admin, in: domain))
        #expect(caller.mayAct(on: manager, in: domain))
        #expect(caller.mayAct(on: Account(id: "x", name: "x", type: .domainAdmin, domainId: sub.id), in: sub))
        #expect(!caller.mayAct(on: Account(id: "y", name: "y", type: .domainAdmin, domainId: domain.id), in: domain))
    }
}
