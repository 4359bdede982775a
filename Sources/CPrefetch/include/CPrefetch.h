#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to bring the cache line at `address` in for writing, without waiting for it: a
/// hash-table slot is touched when a row's key is known and written when the row has been checked,
/// by which time the line has arrived. (Swift has no spelling of the prefetch instruction.)
static inline void isms_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
