/// Host names as RFC 1123 allows them: dot-separated labels of letters, digits and hyphens,
/// 1–63 characters each, not starting or ending with a hyphen, 253 characters in all.
public enum HostNameRules {
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isValidLabel)
    }

    /// One label of a host name (a guest's host name is a single label in CloudStack).
    public static func isValidLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
        return label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }
}
