/// Handlers of the account, user, key and domain commands.
enum IdentityHandlerTable {
    static let table: [String: CommandHandler] = [
        "listAccounts": AccountHandlers.list,
        "createAccount": AccountHandlers.create,
        "updateAccount": AccountHandlers.update,
        "enableAccount": AccountHandlers.enable,
        "disableAccount": AccountHandlers.disable,
        "deleteAccount": AccountHandlers.delete,
        "listUsers": UserHandlers.list,
        "createUser": UserHandlers.create,
        "updateUser": UserHandlers.update,
        "enableUser": UserHandlers.enable,
        "disableUser": UserHandlers.disable,
        "deleteUser": UserHandlers.delete,
        "registerUserKeys": UserHandlers.registerKeys,
        "getUserKeys": UserHandlers.getKeys,
        "createSSHKeyPair": SSHKeyPairHandlers.create,
        "registerSSHKeyPair": SSHKeyPairHandlers.register,
        "listSSHKeyPairs": SSHKeyPairHandlers.list,
        "deleteSSHKeyPair": SSHKeyPairHandlers.delete,
        "listDomains": DomainHandlers.list,
        "listDomainChildren": DomainHandlers.children,
        "createDomain": DomainHandlers.create,
        "updateDomain": DomainHandlers.update,
        "deleteDomain": DomainHandlers.delete,
    ]
}
