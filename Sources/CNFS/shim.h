#ifndef CUMULO_CNFS_SHIM_H
#define CUMULO_CNFS_SHIM_H
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <nfsc/libnfs.h>
#endif
