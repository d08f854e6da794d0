// The kernel's `struct tcp_info` (linux/tcp.h), which is newer than glibc's copy in
// netinet/tcp.h: glibc's stops at tcpi_total_retrans, before tcpi_bytes_received (Linux 4.1,
// RFC 4898 tcpEStatsAppHCThruOctetsReceived). A DNS TCP connection being drained at shutdown
// compares that count with the bytes it has read to learn whether a query's bytes still wait
// unread in the socket (issue 5 item 2). Opaque and oversized here, so Swift never sees two
// `struct tcp_info` definitions; the getsockopt fills what the running kernel has.
#ifndef LAB53_CTCPINFO_H
#define LAB53_CTCPINFO_H

#include <stdint.h>

/// Room for any kernel's `struct tcp_info` (248 bytes on Linux 6.1).
typedef struct {
    uint64_t words[64];
} lab53_tcp_info;

/// `tcpi_bytes_received`: in-order bytes the kernel has received on the connection, read by the
/// application or not. 0 when the kernel's struct ends before that field (Linux < 4.1).
uint64_t lab53_tcp_info_bytes_received(const lab53_tcp_info *info);

#endif
