import Testing
import NFSClient

@Suite("NFS export addresses")
struct NFSExportAddressTests {
    @Test func parsesServerAndExport() throws {
        let address = try NFSExportAddress(url: "nfs://127.0.0.1/srv/nfs/primary")
        #expect(address.server == "127.0.0.1")
        #expect(address.exportPath == "/srv/nfs/primary")
        #expect(address.nfsPort == nil && address.mountPort == nil)
        #expect(address.url == "nfs://127.0.0.1/srv/nfs/primary")
    }

    @Test func normalisesTheExportPath() throws {
        let address = try NFSExportAddress(url: "NFS://nas.example.org//export//secondary/./")
        #expect(address.server == "nas.example.org")
        #expect(address.exportPath == "/export/secondary")
        #expect(address.url == "nfs://nas.example.org/export/secondary")
    }

    @Test func keepsPortParameters() throws {
        let address = try NFSExportAddress(url: "nfs://127.0.0.1/srv/nfs/primary?nfsport=2049&mountport=20048")
        #expect(address.nfsPort == 2049)
        #expect(address.mountPort == 20048)
        #expect(address.url == "nfs://127.0.0.1/srv/nfs/primary?nfsport=2049&mountport=20048")
        #expect(try address.url(for: "a/b.qcow2") == "nfs://127.0.0.1/srv/nfs/primary/a/b.qcow2?nfsport=2049&mountport=20048")
    }

    @Test func acceptsBracketedIPv6() throws {
        let address = try NFSExportAddress(url: "nfs://[fd00::1]/export")
        #expect(address.server == "fd00::1")
        #expect(address.url == "nfs://[fd00::1]/export")
    }

    @Test func buildsFileURLs() throws {
        let address = try NFSExportAddress(server: "127.0.0.1", exportPath: "/srv/nfs/secondary/")
        #expect(try address.url(for: "template/tmpl/2/201/disk.qcow2")
            == "nfs://127.0.0.1/srv/nfs/secondary/template/tmpl/2/201/disk.qcow2")
        #expect(try address.url(for: "/x//y/") == "nfs://127.0.0.1/srv/nfs/secondary/x/y")
        #expect(try address.url(for: "/") == "nfs://127.0.0.1/srv/nfs/secondary")
        #expect(throws: NFSError.self) { try address.url(for: "../etc/passwd") }
    }

    @Test(arguments: [
        ("http://127.0.0.1/srv/nfs", "unsupported scheme"),
        ("127.0.0.1:/srv/nfs", "expected nfs://"),
        ("nfs://", "server is missing"),
        ("nfs:///srv/nfs", "server is missing"),
        ("nfs://127.0.0.1", "export path is missing"),
        ("nfs://127.0.0.1/", "export path is missing"),
        ("nfs://127.0.0.1:2049/srv/nfs", "port after the server"),
        ("nfs://user@127.0.0.1/srv/nfs", "user information"),
        ("nfs://127.0.0.1/srv/nfs#frag", "fragments"),
        ("nfs://127.0.0.1/srv/../etc", "'..'"),
        ("nfs://127.0.0.1/srv/nfs?version=4", "unsupported parameter"),
        ("nfs://127.0.0.1/srv/nfs?nfsport=abc", "numeric value"),
        ("nfs://127.0.0.1/srv/nfs?nfsport=70000", "not a port number"),
        ("nfs://bad host/srv/nfs", "not a host name"),
        ("nfs://127.0.0.1/srv/my export", "contains a space"),
    ])
    func rejects(url: String, reason: String) {
        do {
            _ = try NFSExportAddress(url: url)
            Issue.record("\(url) was accepted")
        } catch let error as NFSError {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains(url), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func rejectsBadParts() {
        #expect(throws: NFSError.self) { try NFSExportAddress(server: "", exportPath: "/x") }
        #expect(throws: NFSError.self) { try NFSExportAddress(server: "127.0.0.1", exportPath: "relative") }
        #expect(throws: NFSError.self) { try NFSExportAddress(server: "127.0.0.1", exportPath: "/") }
        #expect(throws: NFSError.self) { try NFSExportAddress(server: "127.0.0.1", exportPath: "/x", nfsPort: 0) }
    }

    @Test func errorTextNamesTheLocationAndErrno() {
        let error = NFSError(operation: "open", server: "127.0.0.1", exportPath: "/srv/nfs/primary",
                             path: "/a/b", errno: -2, message: "NFS3ERR_NOENT")
        #expect(error.location == "nfs://127.0.0.1/srv/nfs/primary/a/b")
        #expect(error.description == "NFS open failed for nfs://127.0.0.1/srv/nfs/primary/a/b: NFS3ERR_NOENT (errno -2 ENOENT: No such file or directory)")
        #expect(error.isNotFound)
    }
}
