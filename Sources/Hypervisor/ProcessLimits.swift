import Foundation

/// Resource bounds for a helper process that reads untrusted files, applied by util-linux's `prlimit`
/// before the helper starts: its address space, and CPU seconds as long as its wall-clock limit.
public struct ProcessLimits: Sendable, Equatable {
    public var prlimit: String
    /// Largest address space the helper may map, in bytes.
    public var addressSpaceBytes: Int64

    public init(prlimit: String = "/usr/bin/prlimit", addressSpaceBytes: Int64 = 2 << 30) {
        self.prlimit = prlimit
        self.addressSpaceBytes = addressSpaceBytes
    }

    /// The program and arguments that run `executable` with `arguments` under these limits; the command
    /// unchanged when `prlimit` is not installed.
    func wrapping(_ executable: String, _ arguments: [String], cpuSeconds: Int) -> (String, [String]) {
        guard FileManager.default.isExecutableFile(atPath: prlimit) else { return (executable, arguments) }
        return (prlimit, ["--as=\(addressSpaceBytes)", "--cpu=\(max(cpuSeconds, 1))", "--", executable] + arguments)
    }
}
