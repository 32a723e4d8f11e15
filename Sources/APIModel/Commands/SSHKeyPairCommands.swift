extension Commands {
    /// `createSSHKeyPair`: generates a key pair and returns its private key once.
    public static let createSSHKeyPair = CommandDescriptor(
        "createSSHKeyPair", "Generates a 2048-bit RSA key pair; the private key is in this answer only and is not kept.",
        access: .user, response: .object(.createdKeyPair),
        params: [
            .string("name", "The name of the key pair, unique in the account", required: true),
        ] + .keyPairOwner)

    /// `registerSSHKeyPair`: registers an existing public key.
    public static let registerSSHKeyPair = CommandDescriptor(
        "registerSSHKeyPair", "Registers an OpenSSH public key (ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521) under a name.",
        access: .user, response: .object(.keyPair),
        params: [
            .string("name", "The name of the key pair, unique in the account", required: true),
            .string("publickey", "The public key, one authorized_keys line: type, base64 key data and an optional comment", required: true, length: 5120),
        ] + .keyPairOwner)

    /// `listSSHKeyPairs`: lists key pairs.
    public static let listSSHKeyPairs = CommandDescriptor(
        "listSSHKeyPairs", "Lists the SSH key pairs the caller may see; private keys are never shown.",
        access: .user, response: .list(.sshKeyPair),
        params: [
            .uuid("id", "Only the key pair with this id", of: "sshkeypair"),
            .string("name", "Only the key pair with this name"),
            .string("fingerprint", "Only key pairs with this public key fingerprint"),
            .uuid("projectid", "Only key pairs of this project (projects are not supported)", of: "project"),
        ] + .accountScope + .paging)

    /// `deleteSSHKeyPair`: deletes a key pair by name.
    public static let deleteSSHKeyPair = CommandDescriptor(
        "deleteSSHKeyPair", "Deletes an SSH key pair, named within the caller's account or the account given.",
        access: .user, response: .success,
        params: [
            .string("name", "The name of the key pair", required: true),
        ] + .keyPairOwner)
}

extension [ParameterDescriptor] {
    /// `account`, `domainid` and `projectid`: whose key pair a key pair command is about.
    static var keyPairOwner: [ParameterDescriptor] {
        [
            .string("account", "The account owning the key pair; needs domainid (administrators only, unless it is the caller's own)"),
            .uuid("domainid", "The domain of that account", of: "domain"),
            .uuid("projectid", "The project owning the key pair (projects are not supported)", of: "project"),
        ]
    }
}
