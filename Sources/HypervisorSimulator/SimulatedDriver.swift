import Hypervisor
