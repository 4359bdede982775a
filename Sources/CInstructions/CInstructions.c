// Most of the target's functions are inline, in include/CInstructions.h; the UTF-8 check is here,
// compiled for SSSE3 (16 bytes at a time) and for AVX2 (32), each used only where the processor has it.
#include "CInstructions.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>


// What can be wrong with a byte, given the one before it (Keiser and Lemire's classes). A byte pair is
// looked up three times — by the high and the low four bits of the first byte and by the high four
// bits of the second — and is wrong when a class is in all three.
enum {
    TOO_SHORT = 1 << 0,       // a lead byte not followed by a continuation byte
    TOO_LONG = 1 << 1,        // a continuation byte after an ASCII byte
    OVERLONG_3 = 1 << 2,      // E0 80–9F
    TOO_LARGE = 1 << 3,       // F4 90–BF, or a lead past F4
    SURROGATE = 1 << 4,       // ED A0–BF
    OVERLONG_2 = 1 << 5,      // C0, C1
    TOO_LARGE_1000 = 1 << 6,  // F5–FF 80–8F
    OVERLONG_4 = 1 << 6,      // F0 80–8F
    TWO_CONTS = 1 << 7,       // two continuation bytes: right only as a sequence's third or fourth byte
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

// The three tables.
static const uint8_t firstHigh[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // 0_______
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                      // 10______
    TOO_SHORT | OVERLONG_2,                                                          // 1100____
    TOO_SHORT,                                                                       // 1101____
    TOO_SHORT | OVERLONG_3 | SURROGATE,                                              // 1110____
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,                             // 1111____
};
static const uint8_t firstLow[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,                                    // ____0000
    CARRY | OVERLONG_2,                                                              // ____0001
    CARRY, CARRY,                                                                    // ____001_
    CARRY | TOO_LARGE,                                                               // ____0100
    CARRY | TOO_LARGE | TOO_LARGE_1000,                                              // ____0101
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,          // ____011_
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,          // ____1000, 1001
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,          // ____1010, 1011
    CARRY | TOO_LARGE | TOO_LARGE_1000,                                              // ____1100
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,                                  // ____1101
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,          // ____111_
};
static const uint8_t secondHigh[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,  // 0_______
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,            // 1000____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,                              // 1001____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                               // 101_____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,                                              // 11______
};

__attribute__((target("ssse3"))) static inline __m128i special_cases(__m128i input, __m128i previous1) {
    const __m128i low4 = _mm_set1_epi8(0x0F);
    const __m128i a = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)firstHigh), _mm_and_si128(_mm_srli_epi16(previous1, 4), low4));
    const __m128i b = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)firstLow), _mm_and_si128(previous1, low4));
    const __m128i c = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)secondHigh), _mm_and_si128(_mm_srli_epi16(input, 4), low4));
    return _mm_and_si128(_mm_and_si128(a, b), c);
}

/// The errors of a block of 16 bytes, given the block before it.
__attribute__((target("ssse3"))) static inline __m128i block_errors(__m128i input, __m128i previous) {
    const __m128i previous1 = _mm_alignr_epi8(input, previous, 15);
    const __m128i previous2 = _mm_alignr_epi8(input, previous, 14);
    const __m128i previous3 = _mm_alignr_epi8(input, previous, 13);
    // Bytes that must be a sequence's third or fourth: only 111_____ two before, or 1111____ three
    // before, reach 0x80 after the saturating subtraction.
    const __m128i third = _mm_subs_epu8(previous2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    const __m128i fourth = _mm_subs_epu8(previous3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    const __m128i mustContinue = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(mustContinue, special_cases(input, previous1));
}

/// What a block's bytes, less these (saturating), leave non-zero where the block ends inside a sequence:
/// a lead of four bytes among the last three, of three among the last two, of two as the last. The last
/// 16 are a block of 16's, all 32 a block of 32's.
static const uint8_t incompleteLimits[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1,
};

/// From `keep + 32 - n`: n bytes 0xFF, then zeros — the mask of a block's first n bytes (n ≤ 32).
static const uint8_t keep[64] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

__attribute__((target("ssse3"))) static bool is_valid_16(const uint8_t *bytes, size_t count, size_t readable) {
    __m128i error = _mm_setzero_si128();
    __m128i previous = _mm_setzero_si128();
    __m128i previousIncomplete = _mm_setzero_si128();
    size_t index = 0;
    for (; index + 16 <= count; index += 16) {
        const __m128i input = _mm_loadu_si128((const __m128i *)(bytes + index));
        if (_mm_movemask_epi8(input) == 0) {
            // ASCII: right unless the block before ended inside a sequence.
            error = _mm_or_si128(error, previousIncomplete);
            previousIncomplete = _mm_setzero_si128();
        } else {
            error = _mm_or_si128(error, block_errors(input, previous));
            previousIncomplete = _mm_subs_epu8(input, _mm_loadu_si128((const __m128i *)(incompleteLimits + 16)));
        }
        previous = input;
    }
    // The last bytes, padded with zeros (ASCII): a sequence cut short by the end is then followed by a
    // byte that is not a continuation, which the block reports. Read in place, the bytes past the end
    // masked off, when 16 can be read; else copied (a copy read back at once waits for the store).
    __m128i input;
    if (index + 16 <= readable) {
        const __m128i mask = _mm_loadu_si128((const __m128i *)(keep + 32 - (count - index)));
        input = _mm_and_si128(_mm_loadu_si128((const __m128i *)(bytes + index)), mask);
    } else {
        uint8_t last[16] = {0};
        memcpy(last, bytes + index, count - index);
        input = _mm_loadu_si128((const __m128i *)last);
    }
    error = _mm_or_si128(error, block_errors(input, previous));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}

// The same with AVX2, 32 bytes at a time: a byte shuffle looks up within each 16-byte half, so the
// tables are in both halves, and the bytes before each byte come from the two blocks' halves joined.
__attribute__((target("avx2"))) static inline __m256i table_32(const uint8_t table[16]) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}

__attribute__((target("avx2"))) static inline __m256i block_errors_32(__m256i input, __m256i previous) {
    // [previous's high half, input's low half]: the 16 bytes before input's high half.
    const __m256i joined = _mm256_permute2x128_si256(previous, input, 0x21);
    const __m256i previous1 = _mm256_alignr_epi8(input, joined, 15);
    const __m256i previous2 = _mm256_alignr_epi8(input, joined, 14);
    const __m256i previous3 = _mm256_alignr_epi8(input, joined, 13);
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i a = _mm256_shuffle_epi8(table_32(firstHigh), _mm256_and_si256(_mm256_srli_epi16(previous1, 4), low4));
    const __m256i b = _mm256_shuffle_epi8(table_32(firstLow), _mm256_and_si256(previous1, low4));
    const __m256i c = _mm256_shuffle_epi8(table_32(secondHigh), _mm256_and_si256(_mm256_srli_epi16(input, 4), low4));
    const __m256i special = _mm256_and_si256(_mm256_and_si256(a, b), c);
    const __m256i third = _mm256_subs_epu8(previous2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(previous3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    const __m256i mustContinue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(mustContinue, special);
}

__attribute__((target("avx2"))) static bool is_valid_32(const uint8_t *bytes, size_t count, size_t readable) {
    const __m256i limits = _mm256_loadu_si256((const __m256i *)incompleteLimits);
    __m256i error = _mm256_setzero_si256();
    __m256i previous = _mm256_setzero_si256();
    __m256i previousIncomplete = _mm256_setzero_si256();
    size_t index = 0;
    for (; index + 32 <= count; index += 32) {
        const __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + index));
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, previousIncomplete);
            previousIncomplete = _mm256_setzero_si256();
        } else {
            error = _mm256_or_si256(error, block_errors_32(input, previous));
            previousIncomplete = _mm256_subs_epu8(input, limits);
        }
        previous = input;
    }
    // The last bytes, padded with zeros, as in `is_valid_16`.
    __m256i input;
    if (index + 32 <= readable) {
        const __m256i mask = _mm256_loadu_si256((const __m256i *)(keep + 32 - (count - index)));
        input = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(bytes + index)), mask);
    } else {
        uint8_t last[32] = {0};
        memcpy(last, bytes + index, count - index);
        input = _mm256_loadu_si256((const __m256i *)last);
    }
    error = _mm256_or_si256(error, block_errors_32(input, previous));
    return _mm256_testz_si256(error, error);
}

bool isms_csv_wide_available(void) {
    // Known once (threads racing to set it write the same value).
    static int available = -1;
    int found = __atomic_load_n(&available, __ATOMIC_RELAXED);
    if (found < 0) {
        found = __builtin_cpu_supports("avx512bw") ? 1 : 0;
        __atomic_store_n(&available, found, __ATOMIC_RELAXED);
    }
    return found == 1;
}

__attribute__((target("avx512f,avx512bw"))) isms_csv_masks isms_csv_classify_wide(const uint8_t *bytes) {
    const __m512i block = _mm512_loadu_si512((const void *)bytes);
    const uint64_t breaks =
        _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8('\n')) | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8('\r'));
    isms_csv_masks masks;
    masks.quotes = _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8('"'));
    masks.breaks = breaks;
    masks.separators = breaks | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8(','));
    // `isms_may_hide_byte`, 64 bytes at once.
    masks.hidden = _mm512_cmple_epu8_mask(block, _mm512_set1_epi8(0x1F))
        | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8(0x7F))
        | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8((char)0xC2))
        | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8((char)0xD8))
        | _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8((char)0xE2));
    return masks;
}

int isms_utf8_widest(void) {
    // Known once (threads racing to set it write the same value).
    static int widest = -1;
    int found = __atomic_load_n(&widest, __ATOMIC_RELAXED);
    if (found < 0) {
        found = __builtin_cpu_supports("avx2") ? 32 : __builtin_cpu_supports("ssse3") ? 16 : 0;
        __atomic_store_n(&widest, found, __ATOMIC_RELAXED);
    }
    return found;
}

bool isms_utf8_is_valid(const uint8_t *bytes, size_t count, size_t readable) {
    return isms_utf8_is_valid_width(bytes, count, readable, isms_utf8_widest());
}

bool isms_utf8_is_valid_width(const uint8_t *bytes, size_t count, size_t readable, int width) {
    return width == 32 ? is_valid_32(bytes, count, readable) : is_valid_16(bytes, count, readable);
}

#else

bool isms_csv_wide_available(void) { return false; }

isms_csv_masks isms_csv_classify_wide(const uint8_t *bytes) { return isms_csv_classify(bytes); }

int isms_utf8_widest(void) { return 0; }

bool isms_utf8_is_valid(const uint8_t *bytes, size_t count, size_t readable) {
    return isms_utf8_is_valid_width(bytes, count, readable, 0);
}

bool isms_utf8_is_valid_width(const uint8_t *bytes, size_t count, size_t readable, int width) {
    (void)bytes;
    (void)count;
    (void)readable;
    (void)width;
    return false;
}

#endif
