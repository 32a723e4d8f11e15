#!/usr/bin/env python3
"""Builds the one-host demo cloud through the API, using only Python's standard library.

    demo_cloud.py --api http://127.0.0.1:8080/client/api --host-name NAME --primary nfs://127.0.0.1/PATH
                  [--secondary nfs://127.0.0.1/PATH] [--password PASSWORD]

Logs in as admin and creates, unless they already exist: zone "Demo" (Advanced), pod "Demo-Pod", cluster
"Demo-Cluster" (KVM), the host (adopting the cumulo-agent that connected under NAME), primary storage
"Demo-Primary" and, when given, the image store "Demo-Secondary". Prints what it created as JSON.
Addresses are from 198.18.0.0/15, the range Cumulo's demo and tests use for guest networks.
"""

import argparse
import http.cookiejar
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


class API:
    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.sessionkey = None

    def call(self, command: str, **params):
        params = {k: str(v) for k, v in params.items() if v is not None}
        params.update(command=command, response="json")
        if self.sessionkey:
            params["sessionkey"] = self.sessionkey
        data = urllib.parse.urlencode(params).encode()
        try:
            with self.opener.open(self.url, data=data, timeout=120) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            body = json.load(error)
            inner = next(iter(body.values()))
            raise SystemExit(f"{command} failed ({inner.get('errorcode')}): {inner.get('errortext')}")
        return next(iter(body.values()))

    def login(self, password: str):
        self.sessionkey = self.call("login", username="admin", password=password, domain="/")["sessionkey"]

    def find(self, command: str, key: str, name: str, **params):
        for item in self.call(command, **params).get(key, []):
            if item.get("name") == name:
                return item
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--host-name", required=True)
    parser.add_argument("--primary", required=True)
    parser.add_argument("--secondary")
    parser.add_argument("--password", default="password")
    args = parser.parse_args()

    api = API(args.api)
    api.login(args.password)
    zone = api.find("listZones", "zone", "Demo") or api.call(
        "createZone", name="Demo", networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.1",
        guestcidraddress="198.18.64.0/20")["zone"]
    pod = api.find("listPods", "pod", "Demo-Pod", zoneid=zone["id"]) or api.call(
        "createPod", zoneid=zone["id"], name="Demo-Pod", gateway="198.18.0.1", netmask="255.255.255.0",
        startip="198.18.0.10", endip="198.18.0.50")["pod"]
    cluster = api.find("listClusters", "cluster", "Demo-Cluster", zoneid=zone["id"]) or api.call(
        "addCluster", zoneid=zone["id"], podid=pod["id"], clustername="Demo-Cluster", clustertype="CloudManaged",
        hypervisor="KVM")["cluster"][0]
    host = api.find("listHosts", "host", args.host_name, zoneid=zone["id"]) or api.call(
        "addHost", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
        url=f"http://{args.host_name}", username="root", password="-")["host"][0]
    primary = api.find("listStoragePools", "storagepool", "Demo-Primary", zoneid=zone["id"]) or api.call(
        "createStoragePool", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="Demo-Primary",
        scope="cluster", url=args.primary)["storagepool"]
    created = {"zone": zone["id"], "pod": pod["id"], "cluster": cluster["id"], "host": host["id"],
               "hoststate": host["state"], "primary": primary["id"], "primarystate": primary["state"]}
    if args.secondary:
        store = api.find("listImageStores", "imagestore", "Demo-Secondary", zoneid=zone["id"]) or api.call(
            "addImageStore", zoneid=zone["id"], name="Demo-Secondary", provider="NFS", url=args.secondary)["imagestore"]
        created["secondary"] = store["id"]
    json.dump(created, sys.stdout)
    print()


if __name__ == "__main__":
    main()
