/// Which accounts may put VMs on a guest network: the owner of an account network; for a network a domain
/// shares (acltype Domain), accounts of that domain and, when it gives subdomain access, of the domains below.
extension Network {
    /// True when the account `accountId`, in the domain at `domainPath`, may use this network, whose own domain
    /// is at `networkDomainPath`.
    public func isUsable(byAccount accountId: String, domainPath: String, networkDomainPath: String) -> Bool {
        guard aclType == "Domain" else { return self.accountId == accountId }
        return domainPath == networkDomainPath || (subdomainAccess && domainPath.hasPrefix(networkDomainPath))
    }
}
