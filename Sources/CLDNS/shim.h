#ifndef LAB53_CLDNS_SHIM_H
#define LAB53_CLDNS_SHIM_H
// stdbool first, or ldns's `bool` imports as Int8 (architecture doc, libldns notes).
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <ldns/ldns.h>
#endif
