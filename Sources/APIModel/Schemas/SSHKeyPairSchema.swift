extension ResponseSchema {
    /// A key pair as `listSSHKeyPairs` shows it.
    public static let sshKeyPair = ResponseSchema("sshkeypair", sshKeyPairFields)

    /// A key pair as `registerSSHKeyPair` answers it.
    public static let keyPair = ResponseSchema("keypair", sshKeyPairFields)

    /// A key pair as `createSSHKeyPair` answers it: the only time its private key is shown.
    public static let createdKeyPair = ResponseSchema("keypair", sshKeyPairFields + [
        .init("privatekey", "string", "the private key in PEM form; shown only in this answer and never stored"),
    ])

    /// The fields CloudStack's key pair responses carry (projects are not supported, so no project fields).
    static let sshKeyPairFields: [ResponseFieldDescriptor] = [
        .init("id", "string", "the id of the key pair"),
        .init("name", "string", "the name of the key pair, unique in its account"),
        .init("fingerprint", "string", "the MD5 fingerprint of the public key, as colon-separated hex"),
        .init("account", "string", "the account owning the key pair"),
        .init("domainid", "string", "the domain of that account"),
        .init("domain", "string", "the name of that domain"),
        .init("hasannotations", "boolean", "whether the key pair has annotations"),
    ]
}
