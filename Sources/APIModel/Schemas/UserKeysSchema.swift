extension ResponseSchema {
    /// A user's API key pair.
    public static let userKeys = ResponseSchema("userkeys", [
        .init("apikey", "string", "the key that identifies the user in signed requests"),
        .init("secretkey", "string", "the secret that signs the user's requests"),
        .init("apikeyaccess", "boolean", "whether the key pair may be used"),
    ])
}
