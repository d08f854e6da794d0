#ifndef LAB53_CLDNS_SHIM_H
#define LAB53_CLDNS_SHIM_H
// stdbool first, or ldns's `bool` imports as Int8 (architecture doc, libldns notes).
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ldns/ldns.h>

/// The text of the current `errno` (a macro, so Swift cannot read it portably without this).
static inline const char *cldns_errno_text(void) {
    return strerror(errno);
}
#endif
