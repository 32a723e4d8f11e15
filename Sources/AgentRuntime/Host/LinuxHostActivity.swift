import Foundation

/// Network traffic from `/proc/net/dev` and load from `/proc/loadavg`, as a real host reports them.
public struct LinuxHostActivity: HostActivitySource {
    public var netDevPath: String
    public var loadAveragePath: String

    public init(netDevPath: String = "/proc/net/dev", loadAveragePath: String = "/proc/loadavg") {
        self.netDevPath = netDevPath
        self.loadAveragePath = loadAveragePath
    }

    public func networkTotals() -> NetworkTotals? {
        guard let data = FileManager.default.contents(atPath: netDevPath) else { return nil }
        return Self.parseNetDev(String(decoding: data, as: UTF8.self))
    }

    public func loadAverage() -> Double {
        guard let data = FileManager.default.contents(atPath: loadAveragePath),
              let first = String(decoding: data, as: UTF8.self).split(separator: " ").first else { return 0 }
        return Double(first) ?? 0
    }

    /// Sums received and sent bytes of every interface except loopback.
    /// Lines look like `  eth0: 1234 5 0 0 0 0 0 0 5678 9 0 0 0 0 0 0` (8 receive fields, then send fields).
    public static func parseNetDev(_ text: String) -> NetworkTotals? {
        var totals = NetworkTotals(receivedBytes: 0, sentBytes: 0)
        var found = false
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            if name == "lo" { continue }
            let fields = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 9, let received = UInt64(fields[0]), let sent = UInt64(fields[8]) else { continue }
            totals.receivedBytes &+= received
            totals.sentBytes &+= sent
            found = true
        }
        return found ? totals : nil
    }
}
