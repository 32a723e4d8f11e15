#ifndef CUMULO_CLIBVIRT_SHIM_H
#define CUMULO_CLIBVIRT_SHIM_H

/*
 * libvirt headers plus a few inline helpers for the Swift driver.
 *
 * libvirt keeps the error of the last failed call in thread-local storage. The Swift side runs every
 * libvirt call, its return-value check and the copy of the error synchronously in one closure on one
 * thread-pool thread; the helpers below make the copy itself (and the calls whose results are awkward
 * to read from Swift: C arrays of fixed-size name fields, callback casts) a single C call.
 */

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

/* A copy of a libvirt error. `message` is heap-allocated; release it with cumulo_error_clear. */
typedef struct cumulo_error {
    int code;
    int domain;
    char *message;
} cumulo_error;

/* Copies the calling thread's last libvirt error into `out` and resets it. */
static inline void cumulo_error_capture(cumulo_error *out) {
    virErrorPtr err = virGetLastError();
    if (err != NULL) {
        out->code = err->code;
        out->domain = err->domain;
        out->message = strdup(err->message != NULL ? err->message : "libvirt call failed");
    } else {
        out->code = VIR_ERR_INTERNAL_ERROR;
        out->domain = VIR_FROM_NONE;
        out->message = strdup("libvirt call failed without reporting an error");
    }
    virResetLastError();
}

static inline void cumulo_error_clear(cumulo_error *err) {
    free(err->message);
    err->message = NULL;
}

/* Error handler that drops errors instead of printing them to stderr (they are returned to Swift). */
static inline void cumulo_error_discard(void *userData, virErrorPtr error) {
    (void)userData;
    (void)error;
}

static inline void cumulo_silence_default_error_output(void) {
    virSetErrorFunc(NULL, cumulo_error_discard);
}

/* Lifecycle callback signature, registered through the generic event API. */
typedef void (*cumulo_lifecycle_callback)(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque);

/* Registers a domain lifecycle callback for all domains; returns the callback id or -1 (error copied to `err`). */
static inline int cumulo_register_lifecycle(virConnectPtr conn, cumulo_lifecycle_callback cb, void *opaque,
                                            virFreeCallback freecb, cumulo_error *err) {
    int id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(cb), opaque, freecb);
    if (id < 0) cumulo_error_capture(err);
    return id;
}

/* Host CPU time summed over all CPUs: busy (everything but idle and iowait) and total, in nanoseconds. */
static inline int cumulo_node_cpu_times(virConnectPtr conn, unsigned long long *busy, unsigned long long *total,
                                        cumulo_error *err) {
    int count = 0;
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &count, 0) < 0) {
        cumulo_error_capture(err);
        return -1;
    }
    if (count <= 0) {
        *busy = 0;
        *total = 0;
        return 0;
    }
    virNodeCPUStatsPtr stats = calloc((size_t)count, sizeof(virNodeCPUStats));
    if (stats == NULL) return -1;
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, stats, &count, 0) < 0) {
        cumulo_error_capture(err);
        free(stats);
        return -1;
    }
    unsigned long long busySum = 0, totalSum = 0;
    for (int i = 0; i < count; i++) {
        const char *field = stats[i].field;
        if (strcmp(field, VIR_NODE_CPU_STATS_UTILIZATION) == 0) continue;
        totalSum += stats[i].value;
        if (strcmp(field, VIR_NODE_CPU_STATS_IDLE) != 0 && strcmp(field, VIR_NODE_CPU_STATS_IOWAIT) != 0) {
            busySum += stats[i].value;
        }
    }
    free(stats);
    *busy = busySum;
    *total = totalSum;
    return 0;
}

/* Host memory in KiB: total and free (free + buffers + cached, as the host can hand it to guests). */
static inline int cumulo_node_memory_kib(virConnectPtr conn, unsigned long long *total, unsigned long long *available,
                                         cumulo_error *err) {
    int count = 0;
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &count, 0) < 0) {
        cumulo_error_capture(err);
        return -1;
    }
    if (count <= 0) {
        *total = 0;
        *available = 0;
        return 0;
    }
    virNodeMemoryStatsPtr stats = calloc((size_t)count, sizeof(virNodeMemoryStats));
    if (stats == NULL) return -1;
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, stats, &count, 0) < 0) {
        cumulo_error_capture(err);
        free(stats);
        return -1;
    }
    unsigned long long totalKiB = 0, freeKiB = 0;
    for (int i = 0; i < count; i++) {
        const char *field = stats[i].field;
        if (strcmp(field, VIR_NODE_MEMORY_STATS_TOTAL) == 0) totalKiB = stats[i].value;
        else if (strcmp(field, VIR_NODE_MEMORY_STATS_FREE) == 0 || strcmp(field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0 ||
                 strcmp(field, VIR_NODE_MEMORY_STATS_CACHED) == 0) freeKiB += stats[i].value;
    }
    free(stats);
    *total = totalKiB;
    *available = freeKiB;
    return 0;
}

/* The NUL-terminated CPU model name of a virNodeInfo. */
static inline const char *cumulo_node_info_model(const virNodeInfo *info) {
    return info->model;
}

#endif
