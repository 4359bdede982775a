#ifndef CINSTRUCTIONS_H
#define CINSTRUCTIONS_H

// Instructions Swift has no spelling of, for the loader: a prefetch, byte masks and byte shuffles. The
// small ones are `static inline`, so that Swift inlines them where they are called.

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the processor to bring the cache line at `address` in for writing, without waiting for it: a
/// hash-table slot is touched when a row's key is known and written when the row has been checked,
/// by which time the line has arrived.
static inline void isms_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Whether `byte` may begin a character a text cell should not hold: a control character, DEL, or the
/// lead byte of U+0080–U+00BF (C2), of U+061C (D8) or of the U+2000 block (E2). What `isms_may_hide`
/// and the masks' `hidden` bits look for.
static inline bool isms_may_hide_byte(uint8_t byte) {
    return byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2;
}

#if defined(__SSE2__)
/// `isms_may_hide_byte` for 16 bytes: 0xFF where it holds.
static inline __m128i isms_may_hide_16(__m128i block) {
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1F)), block);
    const __m128i delete = _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F));
    const __m128i leads = _mm_or_si128(
        _mm_cmpeq_epi8(block, _mm_set1_epi8((char)0xC2)),
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)0xD8)), _mm_cmpeq_epi8(block, _mm_set1_epi8((char)0xE2))));
    return _mm_or_si128(_mm_or_si128(control, delete), leads);
}
#endif

/// Where the bytes that matter to CSV are in 64 bytes: bit i stands for byte i.
typedef struct {
    /// '"'
    uint64_t quotes;
    /// ',', '\n' and '\r': the bytes that end a field or a record (outside quotes).
    uint64_t separators;
    /// '\n' and '\r'.
    uint64_t breaks;
    /// Bytes that may begin a character a text cell should not hold (`isms_may_hide_byte`).
    uint64_t hidden;
} isms_csv_masks;

/// The masks of 64 bytes, 16 at a time with SSE2 (every x86-64 processor has it), else byte by byte.
static inline isms_csv_masks isms_csv_classify(const uint8_t *bytes) {
    isms_csv_masks masks = {0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i lineFeed = _mm_set1_epi8('\n');
    const __m128i carriageReturn = _mm_set1_epi8('\r');
    for (int part = 0; part < 4; part++) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        const __m128i breaks = _mm_or_si128(_mm_cmpeq_epi8(block, lineFeed), _mm_cmpeq_epi8(block, carriageReturn));
        const __m128i hidden = isms_may_hide_16(block);
        const int shift = 16 * part;
        masks.quotes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, quote)) << shift;
        masks.breaks |= (uint64_t)(uint16_t)_mm_movemask_epi8(breaks) << shift;
        masks.separators |=
            (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(breaks, _mm_cmpeq_epi8(block, comma))) << shift;
        masks.hidden |= (uint64_t)(uint16_t)_mm_movemask_epi8(hidden) << shift;
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t byte = bytes[i];
        const uint64_t bit = (uint64_t)1 << i;
        if (byte == '"') masks.quotes |= bit;
        if (byte == '\n' || byte == '\r') masks.breaks |= bit;
        if (byte == '\n' || byte == '\r' || byte == ',') masks.separators |= bit;
        if (isms_may_hide_byte(byte)) masks.hidden |= bit;
    }
#endif
    return masks;
}

/// Whether this processor has AVX-512BW, for `isms_csv_classify_wide`. Known once.
bool isms_csv_wide_available(void);

/// `isms_csv_classify` in one 64-byte register (AVX-512BW: each comparison gives its mask at once).
/// Only where `isms_csv_wide_available()`.
isms_csv_masks isms_csv_classify_wide(const uint8_t *bytes);

/// Whether any of the `count` bytes at `bytes` is one `isms_may_hide_byte` holds for: only then is a cell
/// searched for the character itself.
static inline bool isms_may_hide(const uint8_t *bytes, size_t count) {
    size_t index = 0;
#if defined(__SSE2__)
    for (; index + 16 <= count; index += 16) {
        if (_mm_movemask_epi8(isms_may_hide_16(_mm_loadu_si128((const __m128i *)(bytes + index)))) != 0) return true;
    }
#endif
    for (; index < count; index++) {
        if (isms_may_hide_byte(bytes[index])) return true;
    }
    return false;
}

/// How many bytes at a time `isms_utf8_is_valid` checks on this processor: 32 with AVX2, 16 with SSSE3
/// (byte shuffles; every x86-64 processor of the last fifteen years), 0 when it cannot be used (the
/// caller then checks UTF-8 itself).
int isms_utf8_widest(void);

/// Whether the `count` bytes at `bytes` are all well-formed UTF-8 (no overlong forms, surrogates or
/// scalars past U+10FFFF, no truncated sequence at the end), checked a block at a time with three table
/// lookups per block (the method of Keiser and Lemire, "Validating UTF-8 in less than one instruction
/// per byte", 2021). `readable` bytes (at least `count`) from `bytes` may be read. Only when
/// `isms_utf8_widest()` is not 0.
bool isms_utf8_is_valid(const uint8_t *bytes, size_t count, size_t readable);

/// `isms_utf8_is_valid` with blocks of `width` bytes (16, or 32 where `isms_utf8_widest()` is 32): for
/// tests, which check both.
bool isms_utf8_is_valid_width(const uint8_t *bytes, size_t count, size_t readable, int width);

#endif
