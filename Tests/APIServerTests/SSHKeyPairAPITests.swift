import DomainModel
import Foundation
import Orchestration
import Persistence
import Testing

@Suite("SSH key pairs through the API")
struct SSHKeyPairAPITests {
    static let ed25519 = OpenSSHPublicKeyTests.ed25519
    static let ed25519Fingerprint = "ad:12:61:69:d6:2e:b5:3a:ce:e9:ff:67:11:44:ba:21"
    static let rsa1024 = OpenSSHPublicKeyTests.rsa1024
    static let rsa1024Fingerprint = "f8:02:c5:39:d2:9c:2e:c8:24:f7:4e:26:27:68:9d:12"

    static func rootDomain(_ api: TestAPI) async throws -> String {
        try #require(try await api.ok("listDomains", ["name": "ROOT"]).list("domain").first?["id"] as? String)
    }

    static func names(_ api: TestAPI, _ params: [String: String] = [:]) async throws -> [String] {
        try await api.ok("listSSHKeyPairs", params).list("sshkeypair").compactMap { $0["name"] as? String }.sorted()
    }

    static func storedCount(_ api: TestAPI) async throws -> Int {
        try await api.cloud.db.read.count(Tables.sshKeyPair, [])
    }

    // MARK: createSSHKeyPair

    @Test func createReturnsThePrivateKeyOnce() async throws {
        try await withTestAPI { api in
            let reply = try await api.ok("createSSHKeyPair", ["name": "deploy-key"])
            #expect(reply.root == "createsshkeypairresponse")
            let created = reply.object("keypair")
            let id = try #require(created["id"] as? String)
            #expect(created["name"] as? String == "deploy-key")
            #expect(created["account"] as? String == "admin")
            #expect(created["domain"] as? String == "ROOT")
            #expect(created["domainid"] as? String == (try await Self.rootDomain(api)))
            let fingerprint = try #require(created["fingerprint"] as? String)
            #expect(fingerprint.split(separator: ":").count == 16)
            let privateKey = try #require(created["privatekey"] as? String)
            #expect(privateKey.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))

            // Only the public half is kept, and its fingerprint is the one answered.
            let stored = try #require(try await api.cloud.db.read.find(Tables.sshKeyPair, id: id))
            #expect(stored.publicKey.hasPrefix("ssh-rsa AAAA"))
            #expect(!stored.publicKey.contains("PRIVATE"))
            let storedKey = try OpenSSHPublicKey(parsing: stored.publicKey)
            #expect(storedKey.md5Fingerprint == fingerprint)
            #expect(stored.fingerprint == fingerprint)

            if SSHKeygen.available {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-\(UUID().uuidString).pem")
                try privateKey.write(to: file, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(at: file) }
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
                let derived = try OpenSSHPublicKey(parsing: try await SSHKeygen.run(["-y", "-f", file.path]))
                #expect(derived.blob == storedKey.blob, "the private key's public half is the stored public key")
                #expect(try await SSHKeygen.run(["-l", "-f", file.path]).hasPrefix("2048 "))
            }

            // Listing never shows the private key again.
            let listed = try await api.ok("listSSHKeyPairs", ["name": "deploy-key"])
            #expect(listed.root == "listsshkeypairsresponse")
            let item = try #require(listed.list("sshkeypair").first)
            #expect(item["privatekey"] == nil)
            #expect(item["fingerprint"] as? String == fingerprint)
            #expect(!listed.raw.contains("PRIVATE KEY"))

            let events = try await api.ok("listEvents", ["type": "CREATE.SSH.KEYPAIR"]).list("event")
            #expect(events.count == 1)
            #expect(!(try await api.ok("listEvents").raw.contains("PRIVATE KEY")))
        }
    }

    @Test func namesAreUniquePerAccount() async throws {
        try await withTestAPI { api in
            try await api.ok("createSSHKeyPair", ["name": "twin"])
            let again = try await api.call("createSSHKeyPair", ["name": "twin"])
            #expect(again.status == 431)
            #expect(again.errorText.contains("already exists"))
            let registered = try await api.call("registerSSHKeyPair", ["name": "twin", "publickey": Self.ed25519])
            #expect(registered.status == 431)
            #expect(try await Self.storedCount(api) == 1)

            // Another account may use the same name.
            let user = try await api.asNewUser("alice")
            try await user.ok("createSSHKeyPair", ["name": "twin"])
            #expect(try await Self.storedCount(api) == 2)
        }
    }

    @Test func refusesProjectsAndIncompleteOwners() async throws {
        try await withTestAPI { api in
            let project = try await api.call("createSSHKeyPair", ["name": "p", "projectid": UUID().uuidString.lowercased()])
            #expect(project.status == 431)
            #expect(project.errorText.contains("Projects are not supported"))
            let noDomain = try await api.call("createSSHKeyPair", ["name": "p", "account": "admin"])
            #expect(noDomain.status == 431)
            #expect(noDomain.errorText.contains("domainid"))
            let unknown = try await api.call("registerSSHKeyPair", [
                "name": "p", "publickey": Self.ed25519, "account": "nobody", "domainid": try await Self.rootDomain(api),
            ])
            #expect(unknown.status == 431)
            let comma = try await api.call("createSSHKeyPair", ["name": "a,b"])
            #expect(comma.status == 431)
            #expect(try await Self.storedCount(api) == 0)
        }
    }

    // MARK: registerSSHKeyPair

    @Test func registersWellFormedKeys() async throws {
        try await withTestAPI { api in
            let reply = try await api.ok("registerSSHKeyPair", ["name": "laptop", "publickey": Self.ed25519])
            #expect(reply.root == "registersshkeypairresponse")
            let keyPair = reply.object("keypair")
            #expect(keyPair["fingerprint"] as? String == Self.ed25519Fingerprint)
            #expect(keyPair["privatekey"] == nil)
            #expect(keyPair["account"] as? String == "admin")

            // POST, as clients send long keys.
            let posted = try await api.call("registerSSHKeyPair", ["name": "old-rsa", "publickey": Self.rsa1024 + " me@host"], method: .post)
            #expect(posted.status == 200, "\(posted.raw)")
            #expect(posted.object("keypair")["fingerprint"] as? String == Self.rsa1024Fingerprint)
            let stored = try #require(try await api.cloud.db.read.first(Tables.sshKeyPair, [.equals(.name, "old-rsa")]))
            #expect(stored.publicKey == Self.rsa1024 + " me@host")

            let sameKey = try await api.call("registerSSHKeyPair", ["name": "copy", "publickey": Self.ed25519])
            #expect(sameKey.status == 431)
            #expect(sameKey.errorText.contains(Self.ed25519Fingerprint))

            let events = try await api.ok("listEvents", ["type": "REGISTER.SSH.KEYPAIR"]).list("event")
            #expect(events.count == 2)
        }
    }

    @Test func refusesMalformedPublicKeys() async throws {
        try await withTestAPI { api in
            let bad: [(String, String)] = [
                ("ssh-dss AAAAB3NzaC1kc3MAAACBAP8=", "not supported"),
                ("hello world", "not supported"),
                ("ssh-rsa !!!", "base64"),
                ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB/7wFmM8mPUT2WsGFcxVCkGXg33Awjm1iBqiH", "not ssh-rsa"),
                ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB", "ends inside"),
            ]
            for (key, reason) in bad {
                let reply = try await api.call("registerSSHKeyPair", ["name": "bad", "publickey": key])
                #expect(reply.status == 431, "\(key)")
                #expect(reply.errorCode == 431)
                #expect(reply.errorText.contains("Public key is invalid"), "\(reply.errorText)")
                #expect(reply.errorText.contains(reason), "\(reply.errorText) should mention \(reason)")
            }
            let missing = try await api.call("registerSSHKeyPair", ["name": "bad"])
            #expect(missing.status == 431)
            #expect(try await Self.storedCount(api) == 0)
            #expect(try await api.ok("listEvents", ["type": "REGISTER.SSH.KEYPAIR"]).list("event").isEmpty)
        }
    }

    // MARK: Accounts

    @Test func usersSeeAndDeleteOnlyTheirOwnKeyPairs() async throws {
        try await withTestAPI { api in
            let root = try await Self.rootDomain(api)
            let alice = try await api.asNewUser("alice")
            let bob = try await api.asNewUser("bob")
            try await alice.ok("registerSSHKeyPair", ["name": "alice-key", "publickey": Self.ed25519])
            try await bob.ok("createSSHKeyPair", ["name": "bob-key"])

            #expect(try await Self.names(alice) == ["alice-key"])
            #expect(try await Self.names(alice, ["listall": "true"]) == ["alice-key"])
            #expect(try await Self.names(bob, ["listall": "true"]) == ["bob-key"])
            #expect(try await Self.names(bob, ["name": "alice-key", "listall": "true"]).isEmpty)

            let peek = try await bob.call("listSSHKeyPairs", ["account": "alice", "domainid": root])
            #expect(peek.status == 531)
            let byName = try await bob.call("deleteSSHKeyPair", ["name": "alice-key"])
            #expect(byName.status == 431)
            #expect(byName.errorText.contains("does not exist"))
            let byAccount = try await bob.call("deleteSSHKeyPair", ["name": "alice-key", "account": "alice", "domainid": root])
            #expect(byAccount.status == 531)
            let plant = try await bob.call("createSSHKeyPair", ["name": "planted", "account": "alice", "domainid": root])
            #expect(plant.status == 531)
            #expect(try await Self.names(alice) == ["alice-key"])

            // A user naming its own account is fine.
            try await alice.ok("createSSHKeyPair", ["name": "alice-2", "account": "alice", "domainid": root])

            // Admins see everyone's with listall, one account's with account + domainid, and act for them.
            #expect(try await Self.names(api).isEmpty)
            #expect(try await Self.names(api, ["listall": "true"]) == ["alice-2", "alice-key", "bob-key"])
            #expect(try await Self.names(api, ["account": "alice", "domainid": root]) == ["alice-2", "alice-key"])
            let forBob = try await api.ok("registerSSHKeyPair", ["name": "from-admin", "publickey": Self.rsa1024, "account": "bob", "domainid": root])
            #expect(forBob.object("keypair")["account"] as? String == "bob")
            #expect(try await Self.names(bob) == ["bob-key", "from-admin"])

            let deleted = try await api.ok("deleteSSHKeyPair", ["name": "alice-key", "account": "alice", "domainid": root])
            #expect(deleted["success"] as? Bool == true)
            #expect(try await Self.names(alice) == ["alice-2"])
            let gone = try await api.call("deleteSSHKeyPair", ["name": "alice-key", "account": "alice", "domainid": root])
            #expect(gone.status == 431)

            let own = try await bob.ok("deleteSSHKeyPair", ["name": "bob-key"])
            #expect(own.root == "deletesshkeypairresponse")
            #expect(try await Self.names(bob) == ["from-admin"])
            #expect(try await api.ok("listEvents", ["type": "DELETE.SSH.KEYPAIR", "listall": "true"]).list("event").count == 2)
        }
    }

    // MARK: listSSHKeyPairs

    @Test func listFiltersAndPages() async throws {
        try await withTestAPI { api in
            for index in 1...5 { try await api.ok("createSSHKeyPair", ["name": "web-\(index)"]) }
            let registered = try await api.ok("registerSSHKeyPair", ["name": "db-1", "publickey": Self.ed25519]).object("keypair")
            let id = try #require(registered["id"] as? String)

            let all = try await api.ok("listSSHKeyPairs")
            #expect(all["count"] as? Int == 6)
            #expect(try await Self.names(api, ["keyword": "WEB"]) == (1...5).map { "web-\($0)" })
            #expect(try await Self.names(api, ["name": "db-1"]) == ["db-1"])
            #expect(try await Self.names(api, ["id": id]) == ["db-1"])
            #expect(try await Self.names(api, ["fingerprint": Self.ed25519Fingerprint]) == ["db-1"])
            #expect(try await Self.names(api, ["fingerprint": Self.ed25519Fingerprint.uppercased()]) == ["db-1"])
            #expect(try await Self.names(api, ["name": "nothing"]).isEmpty)
            #expect(try await api.ok("listSSHKeyPairs", ["name": "nothing"]).raw == #"{"listsshkeypairsresponse":{}}"#)
            #expect(try await Self.names(api, ["projectid": "-1"]).isEmpty)

            let first = try await api.ok("listSSHKeyPairs", ["page": "1", "pagesize": "4"])
            let second = try await api.ok("listSSHKeyPairs", ["page": "2", "pagesize": "4"])
            #expect(first.list("sshkeypair").count == 4)
            #expect(second.list("sshkeypair").count == 2)
            #expect(first["count"] as? Int == 6 && second["count"] as? Int == 6)
            let paged = (first.list("sshkeypair") + second.list("sshkeypair")).compactMap { $0["name"] as? String }
            #expect(Set(paged).count == 6)
        }
    }

    // MARK: Public keys for deployments

    @Test func publicKeysByName() async throws {
        try await withTestAPI { api in
            try await api.ok("registerSSHKeyPair", ["name": "a", "publickey": Self.ed25519])
            try await api.ok("registerSSHKeyPair", ["name": "b", "publickey": Self.rsa1024 + " b@host"])
            let admin = try #require(try await api.cloud.db.read.first(Tables.account, [.equals(.name, "admin")]))
            let keys = try await api.cloud.sshKeyPairs.publicKeys(names: ["b", "a", "b"], accountId: admin.id)
            #expect(keys == [Self.rsa1024 + " b@host", Self.ed25519])

            await #expect(throws: DomainError.invalidParameter("Unable to find SSH key pair(s) c of the VM's account")) {
                _ = try await api.cloud.sshKeyPairs.publicKeys(names: ["a", "c"], accountId: admin.id)
            }
            _ = try await api.asNewUser("alice")
            let other = try #require(try await api.cloud.db.read.first(Tables.account, [.equals(.name, "alice")]))
            await #expect(throws: DomainError.self) {
                _ = try await api.cloud.sshKeyPairs.publicKeys(names: ["a"], accountId: other.id)
            }
        }
    }
}
