#ifndef CUMULO_CLIBVIRT_SHIM_H
#define CUMULO_CLIBVIRT_SHIM_H
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif
