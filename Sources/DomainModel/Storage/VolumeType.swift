/// The role of a volume on its VM, spelt as CloudStack's API spells it.
public enum VolumeType: String, Codable, Sendable, CaseIterable {
    case root = "ROOT"
    case dataDisk = "DATADISK"
}
