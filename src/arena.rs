//! Arenas for parsed files: every allocation the parser makes for one file is bumped
//! out of chunks of one reserved address range, and the whole parse is given back in
//! one go when the file is done, without walking the AST to free it node by node.
//!
//! Dropping an AST is a walk of every node and a `free` of each (5% of a run on the
//! standard library, as much as the run's semantic index), and `malloc` through a
//! general allocator costs more than a bump. [`Alloc`] is the global allocator of the
//! `sturdy` binary: `mimalloc` for everything, except on a thread inside
//! [`Arena::within`], where allocations come from the thread's current arena.
//!
//! Rules that keep it sound:
//! - Only the parser runs inside [`Arena::within`] (see `SourceFile::parse`), and
//!   what it returns is owned by the file, which gives the arena back after it.
//! - Freeing arena memory does nothing; growing it moves it (within the arena while
//!   one is active, else to `mimalloc`), so a block is never handed out twice while
//!   the arena lives.
//! - Nothing allocated in an arena may outlive it. AST values that share their heap
//!   allocation when cloned (a [`ruff_python_ast::name::Name`] longer than 16 bytes
//!   is reference-counted) are copied, not cloned, into anything that outlives the
//!   file (see [`crate::semantic::Member::new`]). Test builds poison every chunk
//!   given back, so that a value that escaped reads garbage and fails the suite.
//! - When the range cannot be reserved (an address-space limit), or is used up,
//!   allocations go to `mimalloc` as usual (what an arena would hold then leaks
//!   until the process exits).
//! - Known leak, small and harmless: a lazily filled cache inside the AST (the joined
//!   text of an implicitly concatenated string, `ConcatenatedStringLiteral`'s
//!   `OnceLock`, filled by `to_str()` after the parse, from `mimalloc`) is never freed,
//!   since the AST is never dropped node by node.
//! - The tests poison chunks given back, which catches reads of an escaped value, not
//!   the drop of an escaped `Name` clone (a count decremented in a reused chunk): the
//!   review that found `Member::new`'s clone also ran the CLI over ~53 K files with
//!   given-back chunks made inaccessible (`mprotect`) and never reused, without a fault.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[link(name = "mimalloc", kind = "static")]
unsafe extern "C" {
    fn mi_malloc_aligned(size: usize, align: usize) -> *mut c_void;
    fn mi_zalloc_aligned(size: usize, align: usize) -> *mut c_void;
    fn mi_realloc_aligned(p: *mut c_void, size: usize, align: usize) -> *mut c_void;
    fn mi_free(p: *mut c_void);
}

/// The unit arenas grow by (a larger allocation takes a span of several).
const CHUNK: usize = 256 << 10;
/// The address range reserved for every arena (virtual: only touched pages count).
const REGION: usize = 64 << 30;
/// Each chunk (or span) starts with the next one of its arena and its length in chunks.
const HEADER: usize = 16;

/// Start of the reserved range (0: none).
static BASE: AtomicUsize = AtomicUsize::new(0);
/// Offset in the range of the first chunk never handed out.
static FRESH: AtomicUsize = AtomicUsize::new(0);
/// Chunks given back by threads that have finished (see [`flush_thread`]).
static POOL: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// Spans of several chunks given back: (start, chunks).
static SPANS: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());
/// Whether [`Alloc`] is the global allocator (see [`install`]).
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Inside [`Arena::within`].
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    /// The current chunk's next free byte and end.
    static BUMP: Cell<usize> = const { Cell::new(0) };
    static END: Cell<usize> = const { Cell::new(0) };
    /// The current arena's chunks, linked through their headers.
    static HEAD: Cell<usize> = const { Cell::new(0) };
    /// This thread's free chunks, linked through their first word: the next parse on
    /// the thread reuses them while they are still in its caches.
    static FREE: Cell<usize> = const { Cell::new(0) };
}

#[inline]
fn in_region(p: *mut u8) -> bool {
    let base = BASE.load(Ordering::Relaxed);
    base != 0 && (p as usize).wrapping_sub(base) < REGION
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A chunk (`n == 1`: this thread's, a pooled one, or a fresh one) or a span of `n`
/// (the smallest large enough given back, or a fresh one); `None` when the range is
/// used up. Called with [`ACTIVE`] off (the pools' vectors may allocate).
fn take_chunks(n: usize) -> Option<usize> {
    if n == 1 {
        let c = FREE.with(Cell::get);
        if c != 0 {
            // SAFETY: a free chunk's first word links the next free one.
            FREE.with(|f| f.set(unsafe { *(c as *const usize) }));
            return Some(c);
        }
        if let Some(c) = lock(&POOL).pop() {
            return Some(c);
        }
    } else {
        let taken = take_span(&mut lock(&SPANS), n);
        if let Some((c, single)) = taken {
            if let Some(single) = single {
                lock(&POOL).push(single);
            }
            return Some(c);
        }
    }
    // Checked before it is taken, so that failed requests never move it past the range.
    let take = n.checked_mul(CHUNK)?;
    let off = FRESH
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |off| {
            off.checked_add(take).filter(|&end| end <= REGION)
        })
        .ok()?;
    Some(BASE.load(Ordering::Relaxed) + off)
}

/// The smallest of `spans` that holds `n` chunks, split: its start, and its last
/// chunk when just one is left over (no span request takes that, a chunk request does);
/// a larger rest stays among the spans.
fn take_span(spans: &mut Vec<(usize, usize)>, n: usize) -> Option<(usize, Option<usize>)> {
    let i = spans
        .iter()
        .enumerate()
        .filter(|(_, (_, m))| *m >= n)
        .min_by_key(|(_, (_, m))| *m)
        .map(|(i, _)| i)?;
    let (c, m) = spans.swap_remove(i);
    if m > n + 1 {
        spans.push((c + n * CHUNK, m - n));
    }
    Some((c, (m == n + 1).then(|| c + n * CHUNK)))
}

/// Put a chunk (or span of `n`) at the head of this thread's current arena.
fn link(c: usize, n: usize) {
    // SAFETY: `c` starts a chunk of the reserved range that no one else holds.
    unsafe {
        *(c as *mut usize) = HEAD.with(Cell::get);
        *((c + 8) as *mut usize) = n;
    }
    HEAD.with(|h| h.set(c));
}

#[inline]
fn arena_alloc(size: usize, align: usize) -> *mut u8 {
    let bump = BUMP.with(Cell::get);
    let start = (bump + align - 1) & !(align - 1);
    let end = start + size;
    if bump != 0 && end <= END.with(Cell::get) {
        BUMP.with(|b| b.set(end));
        return start as *mut u8;
    }
    arena_slow(size, align)
}

#[cold]
fn arena_slow(size: usize, align: usize) -> *mut u8 {
    // The pools' vectors may allocate: from mimalloc, not from this arena.
    ACTIVE.with(|a| a.set(false));
    let need = size + align + HEADER;
    let span = need > CHUNK / 2;
    let taken = take_chunks(if span { need.div_ceil(CHUNK) } else { 1 });
    ACTIVE.with(|a| a.set(true));
    match taken {
        Some(c) if span => {
            link(c, need.div_ceil(CHUNK));
            ((c + HEADER + align - 1) & !(align - 1)) as *mut u8
        }
        Some(c) => {
            link(c, 1);
            BUMP.with(|b| b.set(c + HEADER));
            END.with(|e| e.set(c + CHUNK));
            arena_alloc(size, align)
        }
        // The range is used up: this block is mimalloc's (and leaks with the AST).
        // SAFETY: plain allocation.
        None => unsafe { mi_malloc_aligned(size, align).cast() },
    }
}

/// Give back, while its arena still lives, the span that block `p` (of `l`) starts,
/// if it does: a vector that grows past a chunk leaves its smaller spans to the
/// next parse instead of holding them until its file is done.
fn free_span(p: *mut u8, l: Layout) {
    let at = p as usize;
    let c = at - (at - BASE.load(Ordering::Relaxed)) % CHUNK;
    // A span's block starts at its first bytes after the header (and a single
    // chunk's first block never needs a span: see `arena_slow`).
    if at != ((c + HEADER + l.align() - 1) & !(l.align() - 1)) {
        return;
    }
    // SAFETY: `c` starts a chunk of a live arena, whose header is written.
    let n = unsafe { *((c + 8) as *const usize) };
    if n < 2 {
        return;
    }
    // Out of this thread's current arena (whose block it is: only a parse frees or
    // grows a span, on its own thread): the arena's list is short, a chunk per
    // 256 KiB of the parse.
    // SAFETY: every chunk of the list starts with its header.
    unsafe {
        let next = *(c as *const usize);
        let head = HEAD.with(Cell::get);
        if head == c {
            HEAD.with(|h| h.set(next));
        } else {
            let mut k = head;
            while k != 0 && *(k as *const usize) != c {
                k = *(k as *const usize);
            }
            if k == 0 {
                // Not this arena's: leave it be.
                return;
            }
            *(k as *mut usize) = next;
        }
    }
    let active = ACTIVE.with(|a| a.replace(false));
    lock(&SPANS).push((c, n));
    ACTIVE.with(|a| a.set(active));
}

/// The global allocator of the `sturdy` binary: `mimalloc`, or the current arena
/// inside [`Arena::within`].
pub struct Alloc;

// SAFETY: every block handed out is either mimalloc's (freed by mimalloc) or an
// arena's (never handed out again while that arena lives; see the module docs).
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if ACTIVE.with(Cell::get) {
            return arena_alloc(l.size(), l.align());
        }
        // SAFETY: mimalloc's aligned allocation.
        unsafe { mi_malloc_aligned(l.size(), l.align()).cast() }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        if ACTIVE.with(Cell::get) {
            let p = arena_alloc(l.size(), l.align());
            if !p.is_null() {
                // SAFETY: `p` holds `l.size()` bytes.
                unsafe { std::ptr::write_bytes(p, 0, l.size()) };
            }
            return p;
        }
        // SAFETY: mimalloc's aligned allocation.
        unsafe { mi_zalloc_aligned(l.size(), l.align()).cast() }
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if !in_region(p) {
            // SAFETY: a block mimalloc handed out.
            unsafe { mi_free(p.cast()) }
        } else if l.size() > CHUNK / 4 && ACTIVE.with(Cell::get) {
            free_span(p, l);
        }
    }

    #[inline]
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if !in_region(p) {
            // SAFETY: a block mimalloc handed out.
            return unsafe { mi_realloc_aligned(p.cast(), new, l.align()).cast() };
        }
        // Shrinking keeps the block where it is (`shrink_to_fit` of the token vector).
        if new <= l.size() {
            return p;
        }
        let active = ACTIVE.with(Cell::get);
        let (at, bump) = (p as usize, BUMP.with(Cell::get));
        // The chunk's last block grows (or shrinks) where it is.
        if active && at + l.size() == bump && at + new <= END.with(Cell::get) {
            BUMP.with(|b| b.set(at + new));
            return p;
        }
        let q = if active {
            arena_alloc(new, l.align())
        } else {
            // SAFETY: mimalloc's aligned allocation.
            unsafe { mi_malloc_aligned(new, l.align()).cast() }
        };
        if !q.is_null() {
            // SAFETY: both blocks hold at least the smaller size; distinct blocks.
            unsafe { std::ptr::copy_nonoverlapping(p, q, l.size().min(new)) };
            if active && l.size() > CHUNK / 4 {
                free_span(p, l);
            }
        }
        q
    }
}

/// Reserve the arenas' range and turn them on, if [`Alloc`] is the global allocator
/// (checked: else, and when the system refuses the range, parses use the global
/// allocator and drop their ASTs as usual).
pub fn install() {
    // Once, and every caller waits for it: a parse that starts meanwhile sees it done.
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a fresh private anonymous mapping; pages are only backed when touched.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                REGION,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return;
        }
        BASE.store(p as usize, Ordering::Release);
        // Only when [`Alloc`] is the global allocator: a block allocated in arena mode
        // must come from the range (else parses would be left undropped, leaked).
        let (probe, arena) = Arena::enter(|| Box::new(0u8));
        let ours = in_region(&*probe as *const u8 as *mut u8);
        drop(probe);
        drop(arena);
        INSTALLED.store(ours, Ordering::Release);
    });
}

/// Whether parses get arenas.
pub fn installed() -> bool {
    INSTALLED.load(Ordering::Acquire)
}

/// Give this thread's free chunks to the other threads (a worker calls it when it is
/// done, so its chunks are not lost with it).
pub fn flush_thread() {
    let mut c = FREE.with(|f| f.replace(0));
    if c == 0 {
        return;
    }
    let mut free = Vec::new();
    while c != 0 {
        free.push(c);
        // SAFETY: a free chunk's first word links the next free one.
        c = unsafe { *(c as *const usize) };
    }
    lock(&POOL).extend(free);
}

/// The chunks of one parse, given back when dropped.
pub struct Arena(usize);

impl Arena {
    /// Run `f` (the parser) with its allocations in a new arena, returned with its
    /// result (`None` without [`install`]: then nothing is allocated differently).
    pub fn within<R>(f: impl FnOnce() -> R) -> (R, Option<Arena>) {
        #[cfg(test)]
        install();
        if !installed() || ACTIVE.with(Cell::get) {
            return (f(), None);
        }
        let (r, arena) = Self::enter(f);
        (r, Some(arena))
    }

    /// Run `f` in arena mode (outside it, the thread's arena state is all zero).
    fn enter<R>(f: impl FnOnce() -> R) -> (R, Arena) {
        /// Leaves arena mode however `f` ends (a panic leaks its chunks).
        struct Leave;
        impl Drop for Leave {
            fn drop(&mut self) {
                ACTIVE.with(|a| a.set(false));
                HEAD.with(|h| h.set(0));
                BUMP.with(|b| b.set(0));
                END.with(|e| e.set(0));
            }
        }
        ACTIVE.with(|a| a.set(true));
        let leave = Leave;
        let r = f();
        let head = HEAD.with(Cell::get);
        drop(leave);
        (r, Arena(head))
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        let mut c = self.0;
        let mut spans = Vec::new();
        while c != 0 {
            // SAFETY: every chunk of the arena starts with its header.
            let (next, n) = unsafe { (*(c as *const usize), *((c + 8) as *const usize)) };
            if cfg!(test) {
                // SAFETY: the arena's own chunks, given back here.
                unsafe { std::ptr::write_bytes(c as *mut u8, 0xDB, n * CHUNK) };
            }
            if n == 1 {
                // SAFETY: the chunk is no one's now: link it into this thread's list.
                unsafe { *(c as *mut usize) = FREE.with(Cell::get) };
                FREE.with(|f| f.set(c));
            } else {
                spans.push((c, n));
            }
            c = next;
        }
        if !spans.is_empty() {
            lock(&SPANS).extend(spans);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lib's unit tests run with [`Alloc`] (see `lib.rs`): every parse in them
    /// uses an arena, and these check the arena itself.
    #[test]
    fn blocks_come_from_the_arena_and_are_reused_once_it_is_given_back() {
        install();
        assert!(installed());
        let (v, arena) = Arena::within(|| {
            let mut v: Vec<u64> = Vec::new();
            for i in 0..100_000 {
                v.push(i);
            }
            let small = Box::new(7u8);
            (v, small)
        });
        let arena = arena.expect("installed");
        assert!(
            in_region(v.0.as_ptr() as *mut u8),
            "a big vector grows in the arena"
        );
        assert!(in_region(&*v.1 as *const u8 as *mut u8));
        assert_eq!(v.0.iter().sum::<u64>(), (0..100_000u64).sum::<u64>());
        assert_eq!(*v.1, 7);
        let outside = Box::new(1u32);
        assert!(
            !in_region(&*outside as *const u32 as *mut u8),
            "outside: mimalloc"
        );
        let small_at = &*v.1 as *const u8 as usize;
        std::mem::forget(v);
        drop(arena);
        // The small box's chunk is this thread's first free one: the next arena
        // starts there, and what it finds there was overwritten (test builds).
        let (again, arena) = Arena::within(|| Box::new([0u8; 8]));
        let chunk = |p: usize| (p - BASE.load(Ordering::Relaxed)) / CHUNK;
        assert_eq!(chunk(&*again as *const [u8; 8] as usize), chunk(small_at));
        assert_eq!(*again, [0u8; 8]);
        std::mem::forget(again);
        drop(arena);
    }

    #[test]
    fn blocks_grown_after_the_parse_move_out_of_the_arena() {
        install();
        let (mut v, arena) = Arena::within(|| vec![1u8, 2, 3]);
        assert!(in_region(v.as_mut_ptr()));
        v.extend(std::iter::repeat_n(9, 1000));
        assert!(
            !in_region(v.as_mut_ptr()),
            "grown outside an arena: mimalloc's"
        );
        assert_eq!(&v[..4], &[1, 2, 3, 9]);
        drop(arena);
        assert_eq!(v.len(), 1003);
    }

    #[test]
    fn a_vector_that_outgrows_its_spans_gives_them_back_during_the_parse() {
        install();
        let listed = |c: usize| {
            let mut k = HEAD.with(Cell::get);
            while k != 0 && k != c {
                // SAFETY: the current arena's chunks start with their headers.
                k = unsafe { *(k as *const usize) };
            }
            k == c
        };
        let (v, arena) = Arena::within(|| {
            let mut v: Vec<u64> = Vec::with_capacity(CHUNK / 8);
            let first = v.as_ptr() as usize;
            let span = first - (first - BASE.load(Ordering::Relaxed)) % CHUNK;
            assert!(listed(span), "a span of the arena");
            v.extend(0..(CHUNK as u64));
            assert!(!listed(span), "given back when the vector moved out");
            let _ = Box::new(1u8); // the arena keeps working
            v
        });
        assert!(in_region(v.as_ptr() as *mut u8));
        assert_eq!(v.len(), CHUNK);
        assert_eq!(v[CHUNK - 1], CHUNK as u64 - 1);
        std::mem::forget(v);
        drop(arena);
        let (w, arena) = Arena::within(|| vec![3u8; CHUNK]);
        assert!(w.iter().all(|&b| b == 3));
        std::mem::forget(w);
        drop(arena);
    }

    #[test]
    fn spans_are_split_and_a_last_chunk_goes_to_chunk_requests() {
        let k = CHUNK;
        let mut spans = vec![(10 * k, 5), (100 * k, 3), (200 * k, 2)];
        // The smallest that holds 2: taken whole.
        assert_eq!(take_span(&mut spans, 2), Some((200 * k, None)));
        // Then the 3: one chunk left over, for chunk requests.
        assert_eq!(take_span(&mut spans, 2), Some((100 * k, Some(102 * k))));
        // Then the 5: the rest stays a span.
        assert_eq!(take_span(&mut spans, 2), Some((10 * k, None)));
        assert_eq!(spans, vec![(12 * k, 3)]);
        assert_eq!(take_span(&mut spans, 4), None);
    }

    #[test]
    fn arenas_do_not_nest() {
        install();
        let ((x, inner), outer) = Arena::within(|| Arena::within(|| Box::new(5u16)));
        assert!(
            inner.is_none() && outer.is_some(),
            "the inner parse is the outer's"
        );
        assert!(in_region(&*x as *const u16 as *mut u8));
        assert_eq!(*x, 5);
        std::mem::forget(x);
    }
}
