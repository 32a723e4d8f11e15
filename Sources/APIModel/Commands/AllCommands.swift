extension Commands {
    /// Every command Cumulo serves, in one explicit list.
    public static let all: [CommandDescriptor] = [
        // Zones and regions
        listZones, createZone, updateZone, deleteZone,
        listRegions,
        // Pods
        createPod, updatePod, deletePod, listPods,
        // Clusters
        addCluster, updateCluster, deleteCluster, listClusters,
        // Hosts
        listHosts, listHostsMetrics, addHost, updateHost, deleteHost,
        reconnectHost, prepareHostForMaintenance, cancelHostMaintenance,
        // Primary storage
        createStoragePool, updateStoragePool, deleteStoragePool, listStoragePools,
        // Image stores (secondary storage)
        addImageStore, listImageStores, deleteImageStore,
        // Templates and ISOs
        registerIso, listIsos, updateIso, updateIsoPermissions, listIsoPermissions, deleteIso, copyIso, extractIso,
        registerTemplate, listTemplates, updateTemplate, updateTemplatePermissions, listTemplatePermissions, deleteTemplate,
        copyTemplate, extractTemplate,
        // Physical networks and traffic types
        createPhysicalNetwork, updatePhysicalNetwork, deletePhysicalNetwork, listPhysicalNetworks,
        addTrafficType, listTrafficTypes, deleteTrafficType,
        // Guest networks, network offerings and address ranges
        createNetwork, updateNetwork, deleteNetwork, listNetworks,
        listNetworkOfferings,
        createVlanIpRange, deleteVlanIpRange, listVlanIpRanges,
        // Compute and disk offerings
        createServiceOffering, updateServiceOffering, deleteServiceOffering, listServiceOfferings,
        createDiskOffering, updateDiskOffering, deleteDiskOffering, listDiskOfferings,
        // Guest OS types
        listOsTypes, listOsCategories,
        // Configuration and capabilities
        listConfigurations, updateConfiguration, listCapabilities,
        // Events and alerts
        listEvents, listAlerts,
        // Asynchronous jobs
        queryAsyncJobResult, listAsyncJobs,
        // API discovery
        listApis,
        // Sessions
        login, logout,
        // Accounts
        createAccount, updateAccount, deleteAccount, disableAccount, enableAccount, listAccounts,
        // Users and API keys
        createUser, updateUser, deleteUser, disableUser, enableUser, listUsers,
        registerUserKeys, getUserKeys,
        // SSH key pairs
        createSSHKeyPair, registerSSHKeyPair, listSSHKeyPairs, deleteSSHKeyPair,
        // Domains
        createDomain, updateDomain, deleteDomain, listDomains, listDomainChildren,
        // Virtual machines
        deployVirtualMachine, startVirtualMachine, stopVirtualMachine, rebootVirtualMachine,
        destroyVirtualMachine, recoverVirtualMachine, expungeVirtualMachine,
        attachIso, detachIso, updateVirtualMachine, resetSSHKeyForVirtualMachine, listVirtualMachines,
        // Volumes
        listVolumes, createVolume, attachVolume, detachVolume, resizeVolume, deleteVolume,
    ]
}
