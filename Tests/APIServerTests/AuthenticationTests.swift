import Persistence
import APIModel
import Foundation
import HTTPTypes
import Testing

@Suite("Authentication and sessions")
struct AuthenticationTests {
    @Test func badSignaturesAreRefusedWith401() async throws {
        try await withTestAPI { api in
            var wrongSecret = api
            wrongSecret.secretKey = "not-the-secret"
            let reply = try await wrongSecret.call("listZones")
            #expect(reply.status == 401)
            #expect(reply.root == "listzonesresponse")
            #expect(reply.errorCode == 401)
            #expect(reply.errorText == "unable to verify user credentials and/or request signature")
            #expect(reply.body["cserrorcode"] == nil)

            var unknownKey = api
            unknownKey.apiKey = "nobody"
            #expect(try await unknownKey.call("listZones").status == 401)

            let expired = try await api.call("listZones", ["signatureVersion": "3", "expires": "2001-01-01T00:00:00+0000"])
            #expect(expired.status == 401)
            let tooFarAhead = try await api.call("listZones", ["signatureVersion": "3", "expires": "2099-01-01T00:00:00+0000"])
            #expect(tooFarAhead.status == 401, "expires may lie at most api.signature.max.lifetime ahead")
            let formatter = ISO8601DateFormatter()
            let soon = formatter.string(from: Date().addingTimeInterval(600)).replacingOccurrences(of: "Z", with: "+0000")
            let valid = try await api.call("listZones", ["signatureVersion": "3", "expires": soon])
            #expect(valid.status == 200, "\(valid.raw)")
            let legacyIgnoresExpiry = try await api.call("listZones", ["expires": "2001-01-01T00:00:00+0000"])
            #expect(legacyIgnoresExpiry.status == 200)

            let noCredentials = try await api.send([("command", "listZones"), ("response", "json")])
            #expect(noCredentials.status == 401)
            #expect(noCredentials.root == "listzonesresponse")

            let wrongCase = try await api.call("listzones")
            #expect(wrongCase.status == 401)
            #expect(wrongCase.root == "errorresponse")
        }
    }

    @Test func parameterNamesAreCaseInsensitiveButSignedAsSent() async throws {
        try await withTestAPI { api in
            try await api.ok("createZone", ["name": "Z", "networkType": "Advanced", "DNS1": "198.18.0.1", "internalDns1": "198.18.0.2"])
            let listed = try await api.ok("listZones", ["Name": "Z", "unknownParameter": "ignored"])
            #expect(listed["count"] as? Int == 1)
        }
    }

    @Test func loginSessionNeedsCookieAndParameter() async throws {
        try await withTestAPI { api in
            // An in-process client has no address, so it logs in as an administrator with a password of its own.
            _ = try await api.ok("createAccount", ["username": "ops", "password": "ops-password", "firstname": "o", "lastname": "ps",
                                                  "email": "ops@example.org", "accounttype": "1"])
            let get = try await api.send([("command", "login"), ("username", "ops"), ("password", "ops-password")])
            #expect(get.status == 405)
            #expect(get.raw == "Please use HTTP POST to authenticate using this API")

            let wrong = try await api.send([("command", "login"), ("username", "ops"), ("password", "nope"), ("response", "json")], method: .post)
            #expect(wrong.status == 531)
            #expect(wrong.root == "loginresponse")

            let response = try await api.client.execute(
                uri: "/client/api", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "command=login&username=ops&password=ops-password&response=json"))
            #expect(response.status.code == 200)
            let cookies = response.headers[values: .setCookie]
            let sessionCookie = try #require(cookies.first { $0.hasPrefix("sessionkey=") })
            let key = String(sessionCookie.dropFirst("sessionkey=".count).prefix { $0 != ";" })
            #expect(key.count == 27)
            let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as! [String: [String: Any]]
            #expect(body["loginresponse"]?["sessionkey"] as? String == key)
            #expect(body["loginresponse"]?["timeout"] as? Int == 1800)
            #expect(body["loginresponse"]?["type"] as? String == "1")
            let stored = try await api.cloud.db.read.all(Tables.session, [])
            #expect(stored.count == 1)
            #expect(stored.allSatisfy { $0.id != key && $0.id.count == 64 }, "only the key's digest is stored")

            let both = try await api.send([("command", "listZones"), ("response", "json"), ("sessionkey", key)], headers: [.cookie: "sessionkey=\(key)"])
            #expect(both.status == 200)
            let paramOnly = try await api.send([("command", "listZones"), ("response", "json"), ("sessionkey", key)])
            #expect(paramOnly.status == 401)
            #expect(paramOnly.errorText == "unable to verify user credentials")
            let cookieOnly = try await api.send([("command", "listZones"), ("response", "json")], headers: [.cookie: "sessionkey=\(key)"])
            #expect(cookieOnly.status == 401)

            let unknown = try await api.send([("command", "noSuchCommand"), ("response", "json"), ("sessionkey", key)], headers: [.cookie: "sessionkey=\(key)"])
            #expect(unknown.status == 432)
            #expect(unknown.root == "errorresponse")

            let logout = try await api.send([("command", "logout"), ("response", "json"), ("sessionkey", key)], headers: [.cookie: "sessionkey=\(key)"])
            #expect(logout.status == 200)
            #expect(logout["description"] as? String == "success")
            let after = try await api.send([("command", "listZones"), ("response", "json"), ("sessionkey", key)], headers: [.cookie: "sessionkey=\(key)"])
            #expect(after.status == 401)
        }
    }

    @Test func theDefaultPasswordOpensNoSessionForAClientElsewhere() async throws {
        try await withTestAPI { api in
            // The in-process client has no loopback address: it stands for a client on another machine.
            let refused = try await api.send([("command", "login"), ("username", "admin"), ("password", "password"), ("response", "json")], method: .post)
            #expect(refused.status == 531)
            #expect(refused.errorText.contains("default password"))
            #expect(try await api.cloud.db.read.all(Tables.session, []).isEmpty)
            let admin = try #require(try await api.cloud.db.read.first(Tables.user, [.equals(.username, "admin")]))
            _ = try await api.ok("updateUser", ["id": admin.id, "password": "a-better-one"])
            let accepted = try await api.send([("command", "login"), ("username", "admin"), ("password", "a-better-one"), ("response", "json")], method: .post)
            #expect(accepted.status == 200)
        }
    }

    @Test func usersCannotCallAdminCommandsOrSeeOtherAccounts() async throws {
        try await withTestAPI { api in
            let bob = try await api.asNewUser("bob")
            let refused = try await bob.call("createZone", ["name": "Z", "networktype": "Basic", "dns1": "198.18.0.1", "internaldns1": "198.18.0.1"])
            #expect(refused.status == 432)
            #expect(refused.root == "errorresponse")
            #expect(try await api.ok("listZones").raw == #"{"listzonesresponse":{}}"#)

            let accounts = try await bob.ok("listAccounts", ["listall": "true"]).list("account")
            #expect(accounts.map { $0["name"] as? String } == ["bob"])
            let users = try await bob.ok("listUsers", ["listall": "true"]).list("user")
            #expect(users.count == 1)
            #expect(users.first?["secretkey"] == nil)
            #expect(users.first?["apikey"] as? String == bob.apiKey)

            let admin = try await api.ok("listUsers", ["username": "admin"]).list("user").first
            let adminId = try #require(admin?["id"] as? String)
            let steal = try await bob.call("getUserKeys", ["id": adminId])
            #expect(steal.status == 531)
            #expect(!steal.raw.contains(api.secretKey))
            let adminsSeeKeysOfOthers = try await api.ok("listAccounts", ["listall": "true"]).list("account")
            #expect(adminsSeeKeysOfOthers.count >= 3)
        }
    }

    @Test func passwordsAreHashedAndChangeable() async throws {
        try await withTestAPI { api in
            let bob = try await api.asNewUser("carol")
            let me = try #require(try await bob.ok("listUsers").list("user").first?["id"] as? String)
            let noCurrent = try await bob.call("updateUser", ["id": me, "password": "new-password"])
            #expect(noCurrent.status == 431)
            try await bob.ok("updateUser", ["id": me, "password": "new-password", "currentpassword": "secret-carol"])
            let stored = try await api.cloud.db.read.first(Tables.user, [.equals(.username, "carol")])
            #expect(stored?.passwordHash.hasPrefix("pbkdf2-sha256$") == true)
            #expect(stored?.passwordHash.contains("new-password") == false)
            let login = try await api.send([("command", "login"), ("username", "carol"), ("password", "new-password"), ("response", "json")], method: .post)
            #expect(login.status == 200)
        }
    }
}

