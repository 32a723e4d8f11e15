import Foundation
import APIClient
import ArgumentParser

/// `cumulo sync`: reads the server's `listApis` and caches it for the profile.
struct SyncCommand: BuiltinCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the server's API list (listApis) and cache it for the profile.",
        discussion: "The cache is ~/.cumulo/profiles/<profile>.cache. Until the first sync the APIs Cumulo itself serves are used.")

    func execute(in session: CLISession, options: GlobalOptions) async throws {
        let profile = try session.profile(options.profile)
        let timeout = session.connection(for: profile).requestTimeout
        let answer = try await session.connection(for: profile).perform { client in
            try await client.call("listApis", [("listall", "true")], timeout: timeout)
        }
        let body = JSONText.compact(.object(["listapisresponse": .object(answer)]))
        guard let catalog = APICatalog(listApisBody: Data(body.utf8)) else {
            throw CloudStackClient.Failure(httpStatus: 200, errorCode: nil, errorText: "listApis answered without an api list")
        }
        try session.store.saveAPIs(Data(body.utf8), profile: profile.name)
        session.forgetCatalog(of: profile.name)
        session.terminal.out("Discovered \(catalog.count) APIs\n")
    }
}
