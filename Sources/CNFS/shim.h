#ifndef CUMULO_CNFS_SHIM_H
#define CUMULO_CNFS_SHIM_H
/* Everything NFSClient needs from C: libnfs's synchronous API plus the open flags, errno values and
   stat types it takes and returns. */
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <nfsc/libnfs.h>

#endif
