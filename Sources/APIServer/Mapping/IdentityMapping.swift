import APIModel
import DomainModel

extension User {
    /// The user as listUsers and listAccounts show it. Only the caller sees its own API key;
    /// the secret key never appears here (getUserKeys returns it).
    func apiObject(account: Account, domain: Domain?, showKeys: Bool) -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("username", username)
        o.set("firstname", firstname)
        o.set("lastname", lastname)
        o.set("email", email)
        o.set("created", APIDate.string(created))
        o.set("state", state.rawValue)
        o.set("account", account.name)
        o.set("accounttype", account.type.rawValue)
        o.set("usersource", "native")
        o.set("roletype", account.type.roleType)
        o.set("rolename", account.type.roleName)
        o.set("domainid", account.domainId)
        o.set("domain", domain?.name)
        o.set("accountid", account.id)
        o.set("timezone", timezone)
        if showKeys { o.set("apikey", apiKey) }
        o.set("iscallerchilddomain", false)
        o.set("isdefault", isDefault)
        return o
    }
}

extension Account {
    func apiObject(domain: Domain?, users: [APIObject]) -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("accounttype", type.rawValue)
        o.set("roletype", type.roleType)
        o.set("rolename", type.roleName)
        o.set("domainid", domainId)
        o.set("domain", domain?.name)
        o.set("domainpath", domain?.displayPath)
        o.set("networkdomain", networkDomain)
        o.set("state", state.rawValue)
        o.set("created", APIDate.string(created))
        o.set("isdefault", (name == "admin" || name == "system") && type == .rootAdmin)
        o.set("user", objects: users)
        return o
    }
}

extension Domain {
    func apiObject(parentName: String?, hasChild: Bool) -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("level", level)
        o.set("parentdomainid", parentId)
        o.set("parentdomainname", parentName)
        o.set("haschild", hasChild)
        o.set("path", displayPath)
        o.set("networkdomain", networkDomain)
        o.set("state", state)
        o.set("created", APIDate.string(created))
        return o
    }
}
