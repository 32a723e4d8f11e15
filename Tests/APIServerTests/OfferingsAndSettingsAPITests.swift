import Foundation
import Orchestration
import Testing

@Suite("Offerings, guest OS types, settings and events through the API")
struct OfferingsAndSettingsAPITests {
    static let computeParams = ["name": "Large", "displaytext": "Large Instance", "cpunumber": "4", "cpuspeed": "2000", "memory": "8192"]

    static func count(_ api: TestAPI, _ command: String, _ params: [String: String] = [:]) async throws -> Int {
        try await api.ok(command, params)["count"] as? Int ?? 0
    }

    /// A user account in `domainId`, signed in with its own keys.
    static func user(_ api: TestAPI, _ name: String, domainId: String) async throws -> TestAPI {
        let account = try await api.ok("createAccount", [
            "username": name, "password": "secret-\(name)", "firstname": name, "lastname": "test",
            "email": "\(name)@example.org", "accounttype": "0", "domainid": domainId,
        ]).object("account")
        let userId = try #require((account["user"] as? [[String: Any]])?.first?["id"] as? String)
        let keys = try await api.ok("registerUserKeys", ["id": userId]).object("userkeys")
        var user = api
        user.apiKey = try #require(keys["apikey"] as? String)
        user.secretKey = try #require(keys["secretkey"] as? String)
        return user
    }

    // MARK: Offerings

    @Test func seededOfferingsArePresent() async throws {
        try await withTestAPI { api in
            let compute = try await api.ok("listServiceOfferings")
            #expect(compute["count"] as? Int == 2)
            let small = try #require(compute.list("serviceoffering").first { $0["name"] as? String == "Small Instance" })
            #expect(small["cpunumber"] as? Int == 1)
            #expect(small["cpuspeed"] as? Int == 500)
            #expect(small["memory"] as? Int == 512)
            #expect(small["iscustomized"] as? Bool == false)
            #expect(small["state"] as? String == "Active")
            let medium = try #require(compute.list("serviceoffering").first { $0["name"] as? String == "Medium Instance" })
            #expect(medium["cpuspeed"] as? Int == 1000)
            #expect(medium["memory"] as? Int == 1024)

            let disks = try await api.ok("listDiskOfferings").list("diskoffering")
            let sizes = Dictionary(uniqueKeysWithValues: disks.map { ($0["name"] as? String ?? "", $0["disksize"] as? Int ?? -1) })
            #expect(sizes == ["Small": 5, "Medium": 20, "Large": 100, "Custom": 0])
            #expect(disks.first { $0["name"] as? String == "Custom" }?["iscustomized"] as? Bool == true)
            #expect(disks.first { $0["name"] as? String == "Large" }?["iscustomized"] as? Bool == false)
        }
    }

    @Test func serviceOfferingRoundTrip() async throws {
        try await withTestAPI { api in
            let created = try await api.ok("createServiceOffering", Self.computeParams).object("serviceoffering")
            #expect(created["name"] as? String == "Large")
            #expect(created["displaytext"] as? String == "Large Instance")
            #expect(created["cpunumber"] as? Int == 4)
            #expect(created["cpuspeed"] as? Int == 2000)
            #expect(created["memory"] as? Int == 8192)
            #expect(created["iscustomized"] as? Bool == false)
            #expect(created["storagetype"] as? String == "shared")
            let id = try #require(created["id"] as? String)
            #expect(try await Self.count(api, "listServiceOfferings") == 3)
            #expect(try await api.ok("listServiceOfferings", ["id": id]).list("serviceoffering").first?["memory"] as? Int == 8192)

            let updated = try await api.ok("updateServiceOffering", ["id": id, "name": "Big", "displaytext": "Big Instance", "sortkey": "-1"]).object("serviceoffering")
            #expect(updated["name"] as? String == "Big")
            #expect(updated["displaytext"] as? String == "Big Instance")
            #expect(updated["cpunumber"] as? Int == 4)
            // The lowest sort key lists first.
            #expect(try await api.ok("listServiceOfferings").list("serviceoffering").first?["id"] as? String == id)

            #expect(try await api.ok("deleteServiceOffering", ["id": id])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listServiceOfferings") == 2)
            #expect(try await api.ok("listServiceOfferings", ["id": id]).raw == #"{"listserviceofferingsresponse":{}}"#)
            #expect(try await api.call("deleteServiceOffering", ["id": id]).status == 431)
            #expect(try await api.call("updateServiceOffering", ["id": id, "name": "Again"]).status == 431)

            let types = try await api.ok("listEvents").list("event").compactMap { $0["type"] as? String }
            #expect(Array(types.prefix(3)) == ["SERVICE.OFFERING.DELETE", "SERVICE.OFFERING.EDIT", "SERVICE.OFFERING.CREATE"])
        }
    }

    @Test func customizedServiceOffering() async throws {
        try await withTestAPI { api in
            let custom = try await api.ok("createServiceOffering", ["name": "Custom"]).object("serviceoffering")
            #expect(custom["iscustomized"] as? Bool == true)
            #expect(custom["cpunumber"] == nil)
            #expect(custom["memory"] == nil)
            #expect(custom["displaytext"] as? String == "Custom")

            let bounded = try await api.ok("createServiceOffering", [
                "name": "Bounded", "customized": "true", "cpuspeed": "1500", "mincpunumber": "1", "maxcpunumber": "8",
                "minmemory": "512", "maxmemory": "16384",
            ]).object("serviceoffering")
            #expect(bounded["iscustomized"] as? Bool == true)
            #expect(bounded["cpuspeed"] as? Int == 1500)
            #expect((bounded["serviceofferingdetails"] as? [String: String])?["maxcpunumber"] == "8")

            // Offerings that can hold 6 vCPUs: the unbounded and the bounded custom ones.
            let names = try await api.ok("listServiceOfferings", ["cpunumber": "6"]).list("serviceoffering").compactMap { $0["name"] as? String }
            #expect(Set(names) == ["Custom", "Bounded"])
        }
    }

    @Test func badServiceOfferingsChangeNothing() async throws {
        try await withTestAPI { api in
            var refusals: [[String: String]] = []
            for (key, value) in [("cpunumber", "0"), ("cpunumber", "-2"), ("cpunumber", "100000"), ("cpuspeed", "0"),
                                 ("memory", "-512"), ("memory", "0"), ("memory", "99999999999"), ("cpunumber", "two")] {
                refusals.append(Self.computeParams.merging([key: value]) { $1 })
            }
            refusals.append(["name": "Partial", "cpunumber": "2"])
            refusals.append(["name": "Partial", "cpunumber": "2", "cpuspeed": "1000"])
            refusals.append(["name": "Both", "customized": "true", "cpunumber": "2", "memory": "1024"])
            refusals.append(["name": "Fixed", "customized": "false"])
            refusals.append(["name": "Inverted", "mincpunumber": "8", "maxcpunumber": "2"])
            refusals.append(Self.computeParams.merging(["storagetype": "floppy"]) { $1 })
            refusals.append(Self.computeParams.merging(["domainid": UUID().uuidString.lowercased()]) { $1 })
            refusals.append(Self.computeParams.merging(["name": " "]) { $1 })
            for params in refusals {
                let reply = try await api.call("createServiceOffering", params)
                #expect(reply.status == 431, "\(params) was not refused: \(reply.raw)")
                #expect(!reply.errorText.isEmpty)
            }
            let zero = try await api.call("createServiceOffering", Self.computeParams.merging(["cpunumber": "0"]) { $1 })
            #expect(zero.errorText.contains("cpu number"))
            let huge = try await api.call("createServiceOffering", Self.computeParams.merging(["memory": "99999999999"]) { $1 })
            #expect(huge.errorText.contains("memory"))
            #expect(try await Self.count(api, "listServiceOfferings") == 2)
            #expect(try await api.ok("listEvents", ["type": "SERVICE.OFFERING.CREATE"]).raw == #"{"listeventsresponse":{}}"#)
        }
    }

    @Test func diskOfferingRoundTrip() async throws {
        try await withTestAPI { api in
            let created = try await api.ok("createDiskOffering", ["name": "Huge", "displaytext": "Huge Disk", "disksize": "500", "tags": "ssd"]).object("diskoffering")
            #expect(created["disksize"] as? Int == 500)
            #expect(created["iscustomized"] as? Bool == false)
            #expect(created["tags"] as? String == "ssd")
            #expect(created["displayoffering"] as? Bool == true)
            let id = try #require(created["id"] as? String)

            let custom = try await api.ok("createDiskOffering", ["name": "Any size", "customized": "true"]).object("diskoffering")
            #expect(custom["iscustomized"] as? Bool == true)
            #expect(custom["disksize"] as? Int == 0)
            #expect(try await Self.count(api, "listDiskOfferings") == 6)

            let updated = try await api.ok("updateDiskOffering", ["id": id, "name": "Huge SSD", "displaytext": "500 GB on SSD", "tags": ""]).object("diskoffering")
            #expect(updated["name"] as? String == "Huge SSD")
            #expect(updated["displaytext"] as? String == "500 GB on SSD")
            #expect(updated["disksize"] as? Int == 500)
            #expect(updated["tags"] == nil)
            #expect(try await api.ok("listDiskOfferings", ["id": id]).list("diskoffering").first?["tags"] == nil)

            #expect(try await api.ok("deleteDiskOffering", ["id": id])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listDiskOfferings") == 5)
            #expect(try await api.ok("listDiskOfferings", ["keyword": "Huge"]).raw == #"{"listdiskofferingsresponse":{}}"#)
            #expect(try await api.call("deleteDiskOffering", ["id": id]).status == 431)

            let events = try await api.ok("listEvents", ["resourceid": id]).list("event")
            #expect(events.compactMap { $0["type"] as? String } == ["DISK.OFFERING.DELETE", "DISK.OFFERING.EDIT", "DISK.OFFERING.CREATE"])
            #expect(events.first?["resourcetype"] as? String == "DiskOffering")
        }
    }

    @Test func badDiskOfferingsChangeNothing() async throws {
        try await withTestAPI { api in
            for params in [
                ["name": "None"], ["name": "Zero", "disksize": "0"], ["name": "Negative", "disksize": "-5"],
                ["name": "Absurd", "disksize": "1000000000"], ["name": "Both", "customized": "true", "disksize": "10"],
                ["name": "Text", "disksize": "ten"], ["name": "Mode", "disksize": "10", "cachemode": "sometimes"],
                ["name": "Iops", "disksize": "10", "miniops": "500", "maxiops": "100"],
            ] {
                let reply = try await api.call("createDiskOffering", params)
                #expect(reply.status == 431, "\(params) was not refused: \(reply.raw)")
            }
            #expect(try await Self.count(api, "listDiskOfferings") == 4)
            let unknown = try await api.call("updateDiskOffering", ["id": UUID().uuidString.lowercased(), "name": "x"])
            #expect(unknown.status == 431)
        }
    }

    @Test func diskOfferingPaging() async throws {
        try await withTestAPI { api in
            for n in 1...7 { try await api.ok("createDiskOffering", ["name": "Disk \(n)", "disksize": String(n * 10)]) }
            let page = try await api.ok("listDiskOfferings", ["page": "2", "pagesize": "3"])
            #expect(page.list("diskoffering").count == 3)
            #expect(page["count"] as? Int == 11)
            let last = try await api.ok("listDiskOfferings", ["page": "4", "pagesize": "3"])
            #expect(last.list("diskoffering").count == 2)
            let tooBig = try await api.call("listDiskOfferings", ["page": "1", "pagesize": "501"])
            #expect(tooBig.status == 431)
            #expect(try await api.ok("listDiskOfferings", ["pagesize": "-1"]).list("diskoffering").count == 11)
        }
    }

    @Test func usersSeeOfferingsOfTheirDomainsOnly() async throws {
        try await withTestAPI { api in
            let child = try #require(try await api.ok("createDomain", ["name": "child"]).object("domain")["id"] as? String)
            try await api.ok("createServiceOffering", Self.computeParams.merging(["name": "Child only", "domainid": child]) { $1 })
            try await api.ok("createDiskOffering", ["name": "Child disk", "disksize": "10", "domainid": child])
            try await api.ok("createDiskOffering", ["name": "Hidden disk", "disksize": "10", "displayoffering": "false"])

            let bob = try await api.asNewUser("bob")
            let bobSees = try await bob.ok("listServiceOfferings").list("serviceoffering").compactMap { $0["name"] as? String }
            #expect(Set(bobSees) == ["Small Instance", "Medium Instance"])
            #expect(try await Self.count(bob, "listDiskOfferings") == 4)

            let carol = try await Self.user(api, "carol", domainId: child)
            let carolSees = try await carol.ok("listServiceOfferings").list("serviceoffering")
            let restricted = try #require(carolSees.first { $0["name"] as? String == "Child only" })
            #expect(restricted["domain"] as? String == "child")
            #expect(restricted["domainid"] as? String == child)
            #expect(try await Self.count(carol, "listDiskOfferings") == 5)

            #expect(try await Self.count(api, "listServiceOfferings") == 3)
            #expect(try await Self.count(api, "listDiskOfferings") == 6)
            #expect(try await Self.count(api, "listServiceOfferings", ["domainid": child]) == 1)

            try await api.ok("createServiceOffering", Self.computeParams.merging(["name": "Proxy", "issystem": "true", "systemvmtype": "consoleproxy"]) { $1 })
            #expect(try await Self.count(api, "listServiceOfferings") == 3)
            let system = try await api.ok("listServiceOfferings", ["issystem": "true"]).list("serviceoffering")
            #expect(system.map { $0["systemvmtype"] as? String } == ["consoleproxy"])
            #expect(try await bob.call("listServiceOfferings", ["issystem": "true"]).status == 431)

            let denied = try await bob.call("createServiceOffering", Self.computeParams)
            #expect(denied.status == 432)
            #expect(try await bob.call("deleteDiskOffering", ["id": UUID().uuidString.lowercased()]).status == 432)
            #expect(try await Self.count(api, "listServiceOfferings") == 3)
        }
    }

    // MARK: Guest OS types

    @Test func osTypes() async throws {
        try await withTestAPI { api in
            let all = try await api.ok("listOsTypes")
            let centos = try #require(all.list("ostype").first { $0["description"] as? String == "CentOS 6.5 (64-bit)" })
            #expect(centos["oscategoryname"] as? String == "CentOS")
            let categoryId = try #require(centos["oscategoryid"] as? String)
            #expect(try await Self.count(api, "listOsTypes", ["oscategoryid": categoryId]) == 4)
            #expect(try await Self.count(api, "listOsTypes", ["keyword": "ubuntu"]) == 3)
            #expect(try await Self.count(api, "listOsTypes", ["description": "CentOS 6.5"]) == 1)
            #expect(try await api.ok("listOsTypes", ["id": try #require(centos["id"] as? String)]).list("ostype").count == 1)
            #expect(try await api.call("listOsTypes", ["id": UUID().uuidString.lowercased()]).status == 431)

            let bob = try await api.asNewUser("bob")
            #expect(try await Self.count(bob, "listOsTypes") == all["count"] as? Int)
            let categories = try await bob.ok("listOsCategories").list("oscategory").compactMap { $0["name"] as? String }
            #expect(categories.contains("CentOS"))
            #expect(categories.contains("Windows"))
        }
    }

    // MARK: Settings

    @Test func configurationRoundTrip() async throws {
        try await withTestAPI { api in
            let updated = try await api.ok("updateConfiguration", ["name": "ping.interval", "value": "30"]).object("configuration")
            #expect(updated["name"] as? String == "ping.interval")
            #expect(updated["value"] as? String == "30")
            #expect(updated["defaultvalue"] as? String == "60")
            #expect(updated["category"] as? String == "Advanced")
            #expect(updated["scope"] as? String == "global")
            #expect(updated["isdynamic"] as? Bool == true)
            #expect(updated["type"] as? String == "Number")
            #expect((updated["description"] as? String)?.isEmpty == false)
            #expect(api.cloud.settings.int("ping.interval") == 30)

            let listed = try await api.ok("listConfigurations", ["name": "ping.interval"]).list("configuration")
            #expect(listed.first { $0["name"] as? String == "ping.interval" }?["value"] as? String == "30")

            let reset = try await api.ok("updateConfiguration", ["name": "ping.interval"]).object("configuration")
            #expect(reset["value"] as? String == "60")

            let security = try await api.ok("listConfigurations", ["category": "security"]).list("configuration")
            #expect(!security.isEmpty && security.allSatisfy { $0["category"] as? String == "Security" })
            let total = try await Self.count(api, "listConfigurations")
            #expect(total == SettingsCatalog.all.count)
            let page = try await api.ok("listConfigurations", ["page": "2", "pagesize": "5"])
            #expect(page.list("configuration").count == 5)
            #expect(page["count"] as? Int == total)
            #expect(try await Self.count(api, "listConfigurations", ["keyword": "overprovisioning"]) == 3)
            #expect(try await Self.count(api, "listConfigurations", ["name": "ping.interval", "zoneid": UUID().uuidString.lowercased()]) == 0)

            let events = try await api.ok("listEvents", ["type": "CONFIGURATION.VALUE.EDIT"])
            #expect(events["count"] as? Int == 2)
        }
    }

    @Test func badConfigurationChangesNothing() async throws {
        try await withTestAPI { api in
            let unknown = try await api.call("updateConfiguration", ["name": "no.such.setting", "value": "1"])
            #expect(unknown.status == 431)
            #expect(unknown.errorText.contains("no.such.setting"))

            // Values that are numbers but would overflow later arithmetic (durations, page offsets) are refused too.
            let hostile = [("default.page.size", "9223372036854775807"), ("ping.interval", "2147483648"), ("ping.timeout", "nan"),
                           ("ping.timeout", "inf"), ("ping.timeout", "1e309"), ("cpu.overprovisioning.factor", "1e300")]
            for (name, value) in [("ping.interval", "soon"), ("ping.timeout", "abc"), ("expose.cloudstack.version.api.list.capabilities", "maybe")] + hostile {
                let reply = try await api.call("updateConfiguration", ["name": name, "value": value])
                #expect(reply.status == 431, "\(name)=\(value) was not refused")
            }
            let scoped = try await api.call("updateConfiguration", ["name": "ping.interval", "value": "30", "zoneid": UUID().uuidString.lowercased()])
            #expect(scoped.status == 431)

            #expect(api.cloud.settings.int("ping.interval") == 60)
            #expect(api.cloud.settings.int("default.page.size") == 500)
            #expect(try await api.call("listZones", ["page": "2", "pagesize": "3"]).status == 200)
            let listed = try await api.ok("listConfigurations", ["name": "ping.interval"]).list("configuration")
            #expect(listed.first?["value"] as? String == "60")
            #expect(try await api.ok("listEvents", ["type": "CONFIGURATION.VALUE.EDIT"]).raw == #"{"listeventsresponse":{}}"#)

            let bob = try await api.asNewUser("bob")
            #expect(try await bob.call("updateConfiguration", ["name": "ping.interval", "value": "5"]).status == 432)
            #expect(try await bob.call("listConfigurations").status == 432)
        }
    }

    // MARK: Events and alerts

    @Test func eventsAreScopedToTheAccount() async throws {
        try await withTestAPI { api in
            let offering = try await api.ok("createServiceOffering", Self.computeParams).object("serviceoffering")
            let id = try #require(offering["id"] as? String)

            let events = try await api.ok("listEvents", ["type": "SERVICE.OFFERING.CREATE"]).list("event")
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event["resourceid"] as? String == id)
            #expect(event["level"] as? String == "INFO")
            #expect(event["state"] as? String == "Completed")
            #expect(event["username"] as? String == "admin")
            #expect(event["account"] as? String == "admin")
            #expect(event["domain"] as? String == "ROOT")
            let eventId = try #require(event["id"] as? String)
            #expect(try await api.ok("listEvents", ["id": eventId]).list("event").count == 1)
            #expect(try await Self.count(api, "listEvents", ["level": "error"]) == 0)
            #expect(try await Self.count(api, "listEvents", ["type": "service.offering.create"]) == 1)

            let bob = try await api.asNewUser("bob")
            for params in [[:], ["listall": "true"], ["type": "SERVICE.OFFERING.CREATE"]] {
                let seen = try await bob.ok("listEvents", params).list("event")
                #expect(!seen.contains { $0["type"] as? String == "SERVICE.OFFERING.CREATE" })
            }
            #expect(try await bob.ok("listEvents", ["id": eventId]).raw == #"{"listeventsresponse":{}}"#)
            try await bob.ok("listServiceOfferings")
            #expect(try await api.ok("listEvents", ["listall": "true", "type": "SERVICE.OFFERING.CREATE"]).list("event").count == 1)
        }
    }

    @Test func eventsByDateNewestFirst() async throws {
        try await withTestAPI { api in
            for n in 1...5 { try await api.ok("createDiskOffering", ["name": "Disk \(n)", "disksize": "10"]) }
            let all = try await api.ok("listEvents", ["type": "DISK.OFFERING.CREATE"])
            let descriptions = all.list("event").compactMap { $0["description"] as? String }
            #expect(descriptions == (1...5).reversed().map { "Created disk offering Disk \($0)" })

            let second = try await api.ok("listEvents", ["type": "DISK.OFFERING.CREATE", "page": "2", "pagesize": "2"])
            #expect(second["count"] as? Int == 5)
            #expect(second.list("event").compactMap { $0["description"] as? String } == ["Created disk offering Disk 3", "Created disk offering Disk 2"])
            let third = try await api.ok("listEvents", ["type": "DISK.OFFERING.CREATE", "page": "3", "pagesize": "2"])
            #expect(third.list("event").compactMap { $0["description"] as? String } == ["Created disk offering Disk 1"])

            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            let today = formatter.string(from: Date())
            let tomorrow = formatter.string(from: Date().addingTimeInterval(86_400))
            let yesterday = formatter.string(from: Date().addingTimeInterval(-86_400))
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let hourAgo = formatter.string(from: Date().addingTimeInterval(-3600))
            let iso = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))

            let type = ["type": "DISK.OFFERING.CREATE"]
            #expect(try await Self.count(api, "listEvents", type.merging(["startdate": today, "enddate": today]) { $1 }) == 5)
            #expect(try await Self.count(api, "listEvents", type.merging(["startdate": hourAgo]) { $1 }) == 5)
            #expect(try await Self.count(api, "listEvents", type.merging(["startdate": tomorrow]) { $1 }) == 0)
            #expect(try await Self.count(api, "listEvents", type.merging(["enddate": yesterday]) { $1 }) == 0)
            #expect(try await Self.count(api, "listEvents", type.merging(["startdate": iso]) { $1 }) == 0)
            #expect(try await api.call("listEvents", ["startdate": "last tuesday"]).status == 431)
        }
    }

    @Test func alertsAreForAdministrators() async throws {
        try await withTestAPI { api in
            try await api.cloud.events.alert(.host, subject: "Host kvm1 is down")
            try await api.cloud.events.alert(.cpu, subject: "CPU is short")
            let alerts = try await api.ok("listAlerts")
            #expect(alerts["count"] as? Int == 2)
            #expect(alerts.list("alert").first?["description"] as? String == "CPU is short")
            #expect(try await api.ok("listAlerts", ["type": "7"]).list("alert").first?["name"] as? String == "ALERT.TYPE.HOST")
            #expect(try await Self.count(api, "listAlerts", ["keyword": "kvm1"]) == 1)
            #expect(try await api.call("listAlerts", ["type": "host"]).status == 431)
            let bob = try await api.asNewUser("bob")
            #expect(try await bob.call("listAlerts").status == 432)
        }
    }
}

@Suite("Setting bounds")
struct SettingBoundsTests {
    @Test func valuesThatWouldBreakTheCloudAreRefused() async throws {
        try await withTestAPI { api in
            for (name, value) in [("default.page.size", "0"), ("ping.interval", "-5"), ("cpu.overprovisioning.factor", "0.5")] {
                let reply = try await api.call("updateConfiguration", ["name": name, "value": value])
                #expect(reply.status == 431, "\(name)=\(value) should be refused")
                #expect(reply.errorText.contains("too small"))
            }
            let page = try await api.ok("listConfigurations", ["name": "default.page.size"]).list("configuration")
            #expect(page.first?["value"] as? String == "500")
            try await api.ok("updateConfiguration", ["name": "cpu.overprovisioning.factor", "value": "2.5"])
        }
    }
}
