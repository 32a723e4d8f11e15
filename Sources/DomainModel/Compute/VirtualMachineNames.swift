/// The names a virtual machine goes by: its guest host name, checked as CloudStack checks it, and its
/// instance (hypervisor-side) name.
///
/// Instance names follow CloudStack: `i-<account number>-<vm number>-<suffix>`, e.g. `i-2-17-VM`.
/// * `vmNumber` comes from one per-cloud sequence that only ever grows (kept by the persistence layer,
///   never reset, never reused — expunged VMs keep theirs), so an instance name is unique across the
///   cloud and its whole history; it is fixed when the VM is created and never changes.
/// * `accountNumber` is the owning account's number from a per-cloud account sequence (CloudStack's
///   numeric account id); it only makes names easier to read, uniqueness rests on `vmNumber`.
/// * `suffix` is CloudStack's `instance.name` setting, `VM` by default; letters and digits only.
/// The result holds only ASCII letters, digits and hyphens, so it is safe as a libvirt domain name,
/// a file name on a pool and a label in logs.
public enum VirtualMachineNames {
    /// The default instance-name suffix (`instance.name`).
    public static let defaultSuffix = "VM"

    /// `i-<accountNumber>-<vmNumber>-<suffix>`. Numbers must not be negative and the suffix must be
    /// 1–16 ASCII letters or digits; anything else is a programming error and traps.
    public static func instanceName(accountNumber: Int, vmNumber: Int, suffix: String = defaultSuffix) -> String {
        precondition(accountNumber >= 0 && vmNumber >= 0, "instance name numbers must not be negative")
        precondition(isValidSuffix(suffix), "instance name suffix must be 1-16 ASCII letters or digits")
        return "i-\(accountNumber)-\(vmNumber)-\(suffix)"
    }

    /// The account and VM numbers of an instance name made by `instanceName`, nil for any other text.
    public static func parseInstanceName(_ name: String) -> (accountNumber: Int, vmNumber: Int, suffix: String)? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "i",
              let account = decimal(parts[1]), let vm = decimal(parts[2]), isValidSuffix(String(parts[3])) else { return nil }
        return (account, vm, String(parts[3]))
    }

    /// True for a suffix `instanceName` accepts.
    public static func isValidSuffix(_ suffix: String) -> Bool {
        (1...16).contains(suffix.utf8.count) && suffix.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The host name a VM gets when the caller names none: `VM-<vm uuid>`, as CloudStack generates it.
    public static func defaultHostName(vmId: String) -> String { "VM-" + vmId }

    /// True for a valid VM host name: one RFC 1123 label of ASCII letters, digits and hyphens, 1–63
    /// characters, not starting or ending with a hyphen and — as CloudStack requires — not starting with a digit.
    public static func isValidHostName(_ name: String) -> Bool {
        guard HostNameRules.isValidLabel(Substring(name)), let first = name.unicodeScalars.first else { return false }
        return !("0"..."9").contains(first)
    }

    /// Refuses an invalid VM host name with CloudStack's message (431).
    public static func checkHostName(_ name: String) throws {
        guard isValidHostName(name) else {
            throw DomainError.invalidParameter(
                "Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), "
                    + "must be between 1 and 63 characters long, and can't start or end with \"-\" and can't start with digit")
        }
    }

    /// The name of the ROOT volume of VM number `vmNumber`: `ROOT-<n>`, as CloudStack names it.
    public static func rootVolumeName(vmNumber: Int) -> String { "ROOT-\(vmNumber)" }

    /// The name of the data volume created with VM number `vmNumber`: `DATA-<n>`.
    public static func dataVolumeName(vmNumber: Int) -> String { "DATA-\(vmNumber)" }

    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              !(text.count > 1 && text.first == "0") else { return nil }
        return Int(text)
    }
}
