// The module is its header (`lab53_prefetch` is static inline); SwiftPM needs one source file.
// It does not include the header: a second, textual copy of the inline function next to the
// module's own is rejected by clang's module checks.
typedef int lab53_memory_hint_unused;
