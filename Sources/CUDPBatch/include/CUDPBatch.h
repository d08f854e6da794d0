// recvmmsg(2)/sendmmsg(2) for the DNS listener's batch loop (issue 6). Glibc declares them only
// under _GNU_SOURCE, which Swift's Glibc module is not built with, so they are re-declared here
// over a layout-identical struct (the kernel's `struct mmsghdr`: a msghdr and the byte count).
#ifndef LAB53_CUDPBATCH_H
#define LAB53_CUDPBATCH_H

#include <sys/socket.h>
#include <time.h>

typedef struct {
    struct msghdr msg_hdr;
    unsigned int msg_len;
} lab53_mmsghdr;

/// recvmmsg with MSG_WAITFORONE: blocks for the first datagram (or the socket's SO_RCVTIMEO),
/// then takes whatever else is queued, up to `vlen`. Returns the count, or -1 with errno.
int lab53_recvmmsg_waitforone(int fd, lab53_mmsghdr *vec, unsigned int vlen);

/// sendmmsg: returns how many of `vec` were sent, or -1 with errno when the first one failed.
int lab53_sendmmsg(int fd, lab53_mmsghdr *vec, unsigned int vlen);

#endif
