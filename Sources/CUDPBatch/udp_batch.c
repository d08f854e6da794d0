#define _GNU_SOURCE
#include <sys/socket.h>
#include <stddef.h>
#include "CUDPBatch.h"

_Static_assert(sizeof(lab53_mmsghdr) == sizeof(struct mmsghdr), "mmsghdr layout");
_Static_assert(offsetof(lab53_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "mmsghdr layout");

int lab53_recvmmsg_waitforone(int fd, lab53_mmsghdr *vec, unsigned int vlen) {
    return recvmmsg(fd, (struct mmsghdr *)vec, vlen, MSG_WAITFORONE, NULL);
}

int lab53_sendmmsg(int fd, lab53_mmsghdr *vec, unsigned int vlen) {
    return sendmmsg(fd, (struct mmsghdr *)vec, vlen, 0);
}
