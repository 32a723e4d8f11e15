/// Handlers of the account, user, key and domain commands.
enum IdentityHandlerTable {
    static func table(accounts: AccountHandlers, users: UserHandlers, keyPairs: SSHKeyPairHandlers, domains: DomainHandlers) -> [String: CommandHandler] {
        [
            "listAccounts": accounts.list,
            "createAccount": accounts.create,
            "updateAccount": accounts.update,
            "enableAccount": accounts.enable,
            "disableAccount": accounts.disable,
            "deleteAccount": accounts.delete,
            "listUsers": users.list,
            "createUser": users.create,
            "updateUser": users.update,
            "enableUser": users.enable,
            "disableUser": users.disable,
            "deleteUser": users.delete,
            "registerUserKeys": users.registerKeys,
            "getUserKeys": users.getKeys,
            "createSSHKeyPair": keyPairs.create,
            "registerSSHKeyPair": keyPairs.register,
            "listSSHKeyPairs": keyPairs.list,
            "deleteSSHKeyPair": keyPairs.delete,
            "listDomains": domains.list,
            "listDomainChildren": domains.children,
            "createDomain": domains.create,
            "updateDomain": domains.update,
            "deleteDomain": domains.delete,
        ]
    }
}
