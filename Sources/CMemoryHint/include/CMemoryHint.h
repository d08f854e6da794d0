// A cache prefetch hint, which Swift does not have (issue 6). The reply cache prefetches a whole
// batch's index slots and entries before answering; the open-addressing name tables prefetch the
// slot of a name a few names ahead (a million-name zone's import, validation and compile each
// spent ~8 % of a cold start waiting for one random slot per name). Either way the memory misses
// overlap. A hint only: it never faults and changes no result.
#ifndef LAB53_CMEMORYHINT_H
#define LAB53_CMEMORYHINT_H

/// Starts loading the cache line holding `address` for a read soon.
static inline void lab53_prefetch(const void *address) {
    __builtin_prefetch(address);
}

#endif
