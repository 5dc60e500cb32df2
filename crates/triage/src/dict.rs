//! The phrase vocabulary: every word any phrase uses, with exact, prefix and typo-tolerant
//! lookup.
//!
//! Exact words and prefixes (`refund*`) live in small open-addressing tables (std's
//! `HashMap` brings SipHash and more code than we need). Typo tolerance is SymSpell-style:
//! `Engine::new` stores a hash of every deletion of every long enough vocabulary word, so a
//! visitor's word is corrected with a handful of lookups instead of a scan of the vocabulary.
//! Only vocabulary words are ever corrected to, and only words of five letters or more.

use crate::text::{sort_u64, stem};

/// No word.
pub(crate) const NONE: u32 = u32::MAX;

/// Word flags, one byte per vocabulary word.
pub(crate) mod flag {
    pub const NEGATOR: u16 = 1;
    pub const POST_NEGATOR: u16 = 2;
    pub const INTENSIFIER: u16 = 4;
    pub const FILLER: u16 = 8;
    pub const VOLITION: u16 = 16;
    pub const INABILITY: u16 = 32;
    pub const SOLO_FILLER: u16 = 64;
    pub const UNIT: u16 = 128;
    /// A word typo correction may lead to.
    pub const TYPO_TARGET: u16 = 256;
    pub const POLICY: u16 = 512;
    pub const POSITIVE: u16 = 1024;
    /// "still", "already", "same": the problem persists or the visitor repeats themselves.
    pub const PERSIST: u16 = 2048;
    pub const POSSESSIVE: u16 = 4096;
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Dict {
    words: Vec<Box<str>>,
    pub flags: Vec<u16>,
    exact: Table,
    prefix: Table,
    /// Bit `k` set when some prefix entry is `k` bytes long.
    prefix_lens: u64,
    /// Bits set by the first three bytes of every prefix entry: most words start like no
    /// prefix at all and are rejected without a lookup.
    prefix_starts: Vec<u64>,
    deletes: DeleteIndex,
    /// While compiling: every word (prefix entries with their `*`) by hash, so interning is
    /// one probe rather than a scan of the vocabulary. Emptied by `finish`.
    interned: Vec<u32>,
}

/// Hash of a one-letter-deleted variant → the vocabulary words that have it, in an
/// open-addressing table: a lookup is one probe sequence, not a binary search.
/// Keys keep the hash's top 40 bits: the rare extra candidate a shorter hash lets through is
/// rejected by the edit-distance check anyway.
#[derive(Clone, Debug, Default)]
struct DeleteIndex {
    /// 0 marks an empty slot (stored hashes have their low bit set).
    keys: Vec<u64>,
    /// Per slot: range into `ids`, as `start << 32 | end`.
    ranges: Vec<u64>,
    ids: Vec<u32>,
}

impl DeleteIndex {
    /// `pairs` holds `key(hash) << ID_BITS | id` per variant and word.
    fn build(mut pairs: Vec<u64>) -> DeleteIndex {
        sort_u64(&mut pairs);
        pairs.dedup();
        let key_of = |p: u64| p >> ID_BITS;
        let distinct = pairs
            .windows(2)
            .filter(|w| key_of(w[0]) != key_of(w[1]))
            .count()
            + 1;
        let size = (distinct * 2).next_power_of_two().max(8);
        let mut index = DeleteIndex {
            keys: vec![0; size],
            ranges: vec![0; size],
            ids: Vec::with_capacity(pairs.len()),
        };
        let mut i = 0;
        while i < pairs.len() {
            let key = key_of(pairs[i]);
            let start = index.ids.len() as u32;
            while i < pairs.len() && key_of(pairs[i]) == key {
                index.ids.push((pairs[i] & ID_MASK) as u32);
                i += 1;
            }
            let mut slot = (key >> 1) as usize & (size - 1);
            while index.keys[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            index.keys[slot] = key;
            index.ranges[slot] = (start as u64) << 32 | index.ids.len() as u64;
        }
        index
    }

    fn get(&self, hash: u64) -> &[u32] {
        if self.keys.is_empty() {
            return &[];
        }
        let key = delete_key(hash);
        let mask = self.keys.len() - 1;
        let mut slot = (key >> 1) as usize & mask;
        loop {
            match self.keys[slot] {
                0 => return &[],
                k if k == key => {
                    let (a, b) = (self.ranges[slot] >> 32, self.ranges[slot] as u32 as u64);
                    return &self.ids[a as usize..b as usize];
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

/// Word ids in the delete index take the low bits of a packed `u64`.
const ID_BITS: u32 = 24;
const ID_MASK: u64 = (1 << ID_BITS) - 1;

/// A delete-index key: never 0 (the empty slot).
fn delete_key(hash: u64) -> u64 {
    (hash >> ID_BITS) | 1
}

/// Open addressing: slots hold word ids, the key is the word's text.
#[derive(Clone, Debug, Default)]
struct Table {
    slots: Vec<u32>,
}

pub(crate) fn hash(bytes: impl IntoIterator<Item = u8>) -> u64 {
    // FNV-1a: tiny and fast on short keys.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Table {
    fn find(&self, words: &[Box<str>], key: &str) -> u32 {
        if self.slots.is_empty() {
            return NONE;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash(key.bytes()) as usize & mask;
        loop {
            let id = self.slots[i];
            if id == NONE {
                return NONE;
            }
            if stem(&words[id as usize]) == key {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    /// Holds the prefix entries (`prefix`) or the other words, in id order.
    fn rebuild(&mut self, words: &[Box<str>], prefix: bool) {
        let n = words.iter().filter(|w| is_prefix(w) == prefix).count();
        let size = (n * 2).next_power_of_two().max(8);
        self.slots = vec![NONE; size];
        let mask = size - 1;
        for (id, word) in words.iter().enumerate() {
            if is_prefix(word) != prefix {
                continue;
            }
            let id = id as u32;
            let key = stem(word);
            let mut i = hash(key.bytes()) as usize & mask;
            while self.slots[i] != NONE {
                i = (i + 1) & mask;
            }
            self.slots[i] = id;
        }
    }
}

impl Dict {
    /// The id of `word` (a `*` suffix makes it a prefix entry), adding it if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        // At most half full: grow by rehashing every word, amortised O(1) per word.
        if self.words.len() * 2 >= self.interned.len() {
            let size = (self.words.len() * 4).next_power_of_two().max(64);
            self.interned = vec![NONE; size];
            for id in 0..self.words.len() {
                let slot = self.slot(&self.words[id]);
                self.interned[slot] = id as u32;
            }
        }
        let slot = self.slot(word);
        if self.interned[slot] != NONE {
            return self.interned[slot];
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.flags.push(0);
        self.interned[slot] = id;
        id
    }

    /// The slot of `word` in `interned`: where it is, or the empty slot it would take.
    fn slot(&self, word: &str) -> usize {
        let mask = self.interned.len() - 1;
        let mut i = hash(word.bytes()) as usize & mask;
        while self.interned[i] != NONE && &*self.words[self.interned[i] as usize] != word {
            i = (i + 1) & mask;
        }
        i
    }

    /// Builds the lookup tables once every word is interned.
    pub fn finish(&mut self) {
        self.interned = Vec::new();
        let words = &self.words;
        let all = 0..words.len() as u32;
        self.exact.rebuild(words, false);
        self.prefix.rebuild(words, true);
        self.prefix_lens = 0;
        self.prefix_starts = vec![0; 64];
        for word in words.iter().filter(|w| is_prefix(w)) {
            let stem = stem(word);
            if stem.len() < 64 {
                self.prefix_lens |= 1 << stem.len();
            }
            let bit = start_bit(stem.as_bytes());
            self.prefix_starts[bit / 64] |= 1 << (bit % 64);
        }
        let mut deletes = Vec::new();
        for i in all {
            // A prefix entry is corrected to by its stem: "refnud" → `refund*`.
            let w = stem(&words[i as usize]);
            let flags = self.flags[i as usize];
            if flags & flag::TYPO_TARGET == 0 || !typo_eligible(w) {
                continue;
            }
            if (i as u64) <= ID_MASK {
                variants(w.as_bytes(), |h| {
                    deletes.push(delete_key(h) << ID_BITS | i as u64)
                });
            }
        }
        self.deletes = DeleteIndex::build(deletes);
    }

    pub fn word(&self, id: u32) -> &str {
        stem(&self.words[id as usize])
    }

    pub fn exact(&self, word: &str) -> u32 {
        self.exact.find(&self.words, word)
    }

    /// The longest prefix entry that `word` starts with.
    pub fn prefix(&self, word: &str) -> u32 {
        let bit = start_bit(word.as_bytes());
        if self.prefix_lens == 0
            || self.prefix_starts.is_empty()
            || self.prefix_starts[bit / 64] & (1 << (bit % 64)) == 0
        {
            return NONE;
        }
        let mut len = word.len().min(63);
        while len >= 3 {
            if self.prefix_lens & (1 << len) != 0 && word.is_char_boundary(len) {
                let id = self.prefix.find(&self.words, &word[..len]);
                if id != NONE {
                    return id;
                }
            }
            len -= 1;
        }
        NONE
    }

    /// The vocabulary word closest to `word` within the allowed edit distance, if any.
    pub fn typo(&self, word: &str) -> u32 {
        if !typo_eligible(word) || word.len() > 24 {
            return NONE;
        }
        let bytes = word.as_bytes();
        let mut best = (u32::MAX, NONE);
        variants(bytes, |h| {
            for &id in self.deletes.get(h) {
                let target = self.word(id).as_bytes();
                let allowed = max_edits(word.len().min(target.len())) as u32;
                let d = distance(bytes, target, allowed);
                if d <= allowed && d < best.0 && plausible(bytes, target) {
                    best = (d, id);
                }
            }
        });
        best.1
    }
}

/// Typos rarely touch the first letter, and a five-letter word with one letter changed is
/// usually another word ("store" / "storn", "spoke" / "smoke"): those need a dropped, added or
/// swapped letter instead.
fn plausible(word: &[u8], target: &[u8]) -> bool {
    if word.first() != target.first() {
        return false;
    }
    if word.len().min(target.len()) >= 6 || word.len() != target.len() {
        return true;
    }
    // Exactly two differing letters, side by side and swapped.
    let (mut diff, mut count) = ([0usize; 2], 0);
    for i in 0..word.len() {
        if word[i] != target[i] {
            if count < 2 {
                diff[count] = i;
            }
            count += 1;
        }
    }
    count == 2
        && diff[1] == diff[0] + 1
        && word[diff[0]] == target[diff[1]]
        && word[diff[1]] == target[diff[0]]
}

/// Whether a vocabulary entry is a prefix (`refund*`).
fn is_prefix(word: &str) -> bool {
    word.as_bytes().last() == Some(&b'*')
}

/// A bit in `0..4096` for the first three bytes of a word.
fn start_bit(word: &[u8]) -> usize {
    hash(word.iter().take(3).copied()) as usize % 4096
}

fn typo_eligible(word: &str) -> bool {
    word.len() >= 5 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// One edit for words of five to seven letters, two from eight.
fn max_edits(len: usize) -> usize {
    if len >= 8 {
        2
    } else if len >= 5 {
        1
    } else {
        0
    }
}

/// Calls `f` with the hash of `word` and of each variant with one letter deleted. Both the
/// vocabulary and the visitor's word are expanded this way, so a shared variant finds every
/// single edit and most double ones ("coustmer" and "customer" both give "custmer"), at
/// `n + 1` lookups per word instead of the `n²/2` of deleting two letters on one side.
///
/// The hash is a polynomial `Σ w[k]·B^(n-1-k)`, so each variant's follows from the whole
/// word's in constant time: deleting `w[i]` takes away `(P(w[..i])·(B-1) + w[i])·B^(n-1-i)`,
/// where `P(w[..i])` grows letter by letter and the power shrinks by `B`'s inverse. A final
/// mix spreads every letter into the top bits the index keys on.
fn variants(word: &[u8], mut f: impl FnMut(u64)) {
    let mut full = 0u64;
    let mut pow = 1u64;
    for (k, &b) in word.iter().enumerate() {
        full = full.wrapping_mul(POLY).wrapping_add(b as u64);
        if k > 0 {
            pow = pow.wrapping_mul(POLY);
        }
    }
    f(mix(full));
    let mut head = 0u64;
    for &b in word {
        let gone = head
            .wrapping_mul(POLY - 1)
            .wrapping_add(b as u64)
            .wrapping_mul(pow);
        f(mix(full.wrapping_sub(gone)));
        head = head.wrapping_mul(POLY).wrapping_add(b as u64);
        pow = pow.wrapping_mul(POLY_INVERSE);
    }
}

/// The polynomial hash's base (odd, so invertible modulo 2⁶⁴) and its inverse.
const POLY: u64 = 0x9e37_79b9_7f4a_7c15;
const POLY_INVERSE: u64 = inverse(POLY);

/// The inverse of odd `x` modulo 2⁶⁴, by Newton's iteration (each step doubles the bits).
const fn inverse(x: u64) -> u64 {
    let mut y = x;
    let mut i = 0;
    while i < 6 {
        y = y.wrapping_mul(2u64.wrapping_sub(x.wrapping_mul(y)));
        i += 1;
    }
    y
}

/// A bijective finaliser (MurmurHash3's), so distinct polynomials stay distinct.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Optimal-string-alignment distance (a transposition counts as one edit), giving up early
/// above `limit`. Both words are short: a fixed-size row avoids allocation.
fn distance(a: &[u8], b: &[u8], limit: u32) -> u32 {
    const MAX: usize = 32;
    if a.len() >= MAX || b.len() >= MAX {
        return u32::MAX;
    }
    if a.len().abs_diff(b.len()) as u32 > limit {
        return limit + 1;
    }
    let mut prev2 = [0u32; MAX];
    let mut prev = [0u32; MAX];
    let mut cur = [0u32; MAX];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j as u32;
    }
    for i in 1..=a.len() {
        cur[0] = i as u32;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = (a[i - 1] != b[j - 1]) as u32;
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(words: &[&str]) -> Dict {
        let mut d = Dict::default();
        for w in words {
            let id = d.intern(w);
            d.flags[id as usize] |= flag::TYPO_TARGET;
        }
        d.finish();
        d
    }

    #[test]
    fn lookups() {
        let d = dict(&["representative", "customer", "human", "refund*", "agent"]);
        assert_eq!(d.word(d.exact("human")), "human");
        assert_eq!(d.exact("humans"), NONE);
        assert_eq!(d.word(d.prefix("refunded")), "refund");
        assert_eq!(d.word(d.typo("refnud")), "refund");
        assert_eq!(d.word(d.typo("reprsentative")), "representative");
        assert_eq!(d.word(d.typo("coustmer")), "customer");
        assert_eq!(d.word(d.typo("humaan")), "human");
        assert_eq!(d.typo("humanly"), NONE);
        assert_eq!(d.typo("agnt"), NONE);
    }

    #[test]
    fn variant_hashes() {
        // Each deletion's hash, worked out in constant time, is the hash of the shorter word.
        let whole = |w: &[u8]| {
            let mut v = Vec::new();
            variants(w, |h| v.push(h));
            v[0]
        };
        let mut got = Vec::new();
        variants(b"customer", |h| got.push(h));
        let want: Vec<u64> = (0..8)
            .map(|i| whole(&[&b"customer"[..i], &b"customer"[i + 1..]].concat()))
            .collect();
        assert_eq!(got[1..], want[..]);
        assert_ne!(whole(b"abcde"), whole(b"abcdf"));
    }

    #[test]
    fn distances() {
        assert_eq!(distance(b"coustmer", b"customer", 2), 2);
        assert_eq!(distance(b"teh", b"the", 1), 1);
        assert_eq!(distance(b"abc", b"abc", 0), 0);
    }
}
