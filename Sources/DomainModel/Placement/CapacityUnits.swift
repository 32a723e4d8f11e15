/// How capacity figures are written in messages: memory and disk sizes in MB and GB (binary units, as
/// CloudStack writes them), CPU in MHz.
public enum CapacityUnits {
    public static let mebibyte: Int64 = 1_048_576
    public static let gibibyte: Int64 = 1_073_741_824

    /// `512 MB`, whole mebibytes, rounded down; negative figures read 0.
    public static func megabytes(_ bytes: Int64) -> String { "\(max(0, bytes) / mebibyte) MB" }

    /// `20 GB`, `5.5 GB`; below a gibibyte in MB.
    public static func size(_ bytes: Int64) -> String {
        let bytes = max(0, bytes)
        if bytes < gibibyte { return megabytes(bytes) }
        if bytes % gibibyte == 0 { return "\(bytes / gibibyte) GB" }
        let hundredths = bytes * 100 / gibibyte
        var text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " GB"
    }
}
