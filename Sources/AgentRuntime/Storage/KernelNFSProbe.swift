import Foundation

/// Finds out whether the host can mount NFS in the kernel: `nfs` in the kernel's filesystem list, or a
/// mount helper together with an NFS module the kernel can load. A mount helper alone is not enough:
/// kernels built without NFS (containers, some virtual machines) still ship `mount.nfs` with nfs-common.
public struct KernelNFSProbe: Sendable, Equatable {
    public var filesystemsPath: String
    public var mountHelperPath: String
    /// Where the running kernel's modules live (`/lib/modules/<release>`).
    public var modulesDirectory: String

    public init(filesystemsPath: String = "/proc/filesystems", mountHelperPath: String = "/sbin/mount.nfs",
                modulesDirectory: String = "/lib/modules/" + KernelNFSProbe.kernelRelease()) {
        self.filesystemsPath = filesystemsPath
        self.mountHelperPath = mountHelperPath
        self.modulesDirectory = modulesDirectory
    }

    public static let system = KernelNFSProbe()

    public func isAvailable() -> Bool {
        if let data = FileManager.default.contents(atPath: filesystemsPath) {
            let list = String(decoding: data, as: UTF8.self)
            let listsNFS = list.split(separator: "\n").contains { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.map { $0 == "nfs" || $0 == "nfs4" } ?? false
            }
            if listsNFS { return true }
        }
        return FileManager.default.isExecutableFile(atPath: mountHelperPath) && hasLoadableModule()
    }

    private func hasLoadableModule() -> Bool {
        let directory = modulesDirectory + "/kernel/fs/nfs"
        guard let names = FileManager.default.enumerator(atPath: directory) else { return false }
        return names.contains { ($0 as? String)?.hasPrefix("nfs.ko") == true }
    }

    /// The running kernel's release, as `uname -r` prints it.
    public static func kernelRelease() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "" }
        return withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
