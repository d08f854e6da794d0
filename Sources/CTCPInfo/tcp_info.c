#include "CTCPInfo.h"

#include <linux/tcp.h>
#include <stddef.h>
#include <string.h>

_Static_assert(sizeof(struct tcp_info) <= sizeof(lab53_tcp_info), "lab53_tcp_info is too small for this kernel's tcp_info");

uint64_t lab53_tcp_info_bytes_received(const lab53_tcp_info *info) {
    uint64_t value;
    memcpy(&value, (const char *)info + offsetof(struct tcp_info, tcpi_bytes_received), sizeof value);
    return value;
}
