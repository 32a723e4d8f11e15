import APIClient
import Foundation
@testable import CLI

/// A small API list shaped like the server's, for tests that must not depend on the full one.
enum Fixtures {
    static let listZones = APIEntry(name: "listZones", description: "Lists zones.", params: [
        .init(name: "id", type: "uuid", related: ["listZones", "createZone"]),
        .init(name: "name", type: "string", length: 255),
        .init(name: "available", type: "boolean"),
        .init(name: "page", type: "integer"),
        .init(name: "pagesize", type: "integer"),
    ])
    static let createZone = APIEntry(name: "createZone", description: "Creates a zone.", params: [
        .init(name: "name", type: "string", required: true, length: 255),
        .init(name: "dns1", type: "string", required: true),
        .init(name: "internaldns1", type: "string", required: true),
        .init(name: "networktype", type: "string", required: true),
        .init(name: "domainid", type: "uuid"),
    ])
    static let listPods = APIEntry(name: "listPods", params: [.init(name: "zoneid", type: "uuid"), .init(name: "id", type: "uuid")])
    static let deployVirtualMachine = APIEntry(name: "deployVirtualMachine", isAsync: true, params: [
        .init(name: "zoneid", type: "uuid", required: true, related: ["listZones"]),
        .init(name: "templateid", type: "uuid", required: true),
        .init(name: "startvm", type: "boolean"),
    ])
    static let login = APIEntry(name: "login", params: [.init(name: "username", required: true), .init(name: "password", required: true)])
    static let queryAsyncJobResult = APIEntry(name: "queryAsyncJobResult", params: [.init(name: "jobid", type: "uuid", required: true)])

    static let catalog = APICatalog([listZones, createZone, listPods, deployVirtualMachine, login, queryAsyncJobResult], source: .synced)

    /// A fresh directory under the system's temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "cumulo-cli-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
