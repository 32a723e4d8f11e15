import DomainModel

/// The tables of the management server's schema, each bound to its entity type.
public enum Tables {
    public static let region = Table<Region>("region")
    public static let domain = Table<Domain>("domain")
    public static let account = Table<Account>("account")
    public static let user = Table<User>("user")
    public static let session = Table<Session>("session")
    public static let zone = Table<Zone>("zone")
    public static let pod = Table<Pod>("pod")
    public static let cluster = Table<Cluster>("cluster")
    public static let host = Table<Host>("host")
    public static let storagePool = Table<StoragePool>("storage_pool")
    public static let imageStore = Table<ImageStore>("image_store")
    public static let physicalNetwork = Table<PhysicalNetwork>("physical_network")
    public static let trafficType = Table<TrafficType>("traffic_type")
    public static let networkOffering = Table<NetworkOffering>("network_offering")
    public static let network = Table<Network>("network")
    public static let vlanIpRange = Table<VlanIpRange>("vlan_ip_range")
    public static let serviceOffering = Table<ServiceOffering>("service_offering")
    public static let diskOffering = Table<DiskOffering>("disk_offering")
    public static let osCategory = Table<OsCategory>("os_category")
    public static let osType = Table<OsType>("os_type")
    public static let configuration = Table<ConfigurationSetting>("configuration", primaryKey: "name")
    public static let event = Table<Event>("event")
    public static let alert = Table<Alert>("alert")
    public static let asyncJob = Table<AsyncJob>("async_job")
}
