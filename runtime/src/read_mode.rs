//! How model fields read their values on this thread: from their JSON text (exact, the
//! default), or directly where that loses nothing, with the body read again from the
//! text when it would have (what the SDK does with response bodies).
//!
//! Reading a value's text first costs a second pass over it. Numbers need it: `serde_json`
//! hands a number with a fraction or an exponent, or one past `u64`, over as an `f64`,
//! and `0.1` and `0.1000000000000000055511151231257827` are then the same `f64`. So
//! number fields (and any-JSON ones) always read their text. Every other field expects
//! something that is not a number: strings, booleans, records, arrays arrive exactly
//! through `deserialize_any`. When such a field meets a value that could have lost digits
//! (an `f64`, or an object or array where none is documented, which could hold one), it
//! marks the read as lost; [`read_exactly`] then reads the whole body again, every field
//! from its text (as it does a body whose direct read failed). Such values are rare, so
//! nearly every body is read once.

use std::cell::Cell;

thread_local! {
    /// Whether fields may read directly (set by [`read_exactly`] for its first pass).
    static DIRECT: Cell<bool> = const { Cell::new(false) };
    /// Whether a field read directly met a value that could have lost digits.
    static LOST: Cell<bool> = const { Cell::new(false) };
}

/// True when fields other than numbers may read their values directly.
#[inline]
pub(crate) fn direct() -> bool {
    DIRECT.try_with(Cell::get).unwrap_or(false)
}

/// Marks the current direct read as lost: it will be done again from the text.
#[cold]
pub(crate) fn lost() {
    let _ = LOST.try_with(|lost| lost.set(true));
}

/// Restores the thread's mode when a read ends (even by unwinding).
struct Restore {
    direct: bool,
    lost: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = DIRECT.try_with(|d| d.set(self.direct));
        let _ = LOST.try_with(|l| l.set(self.lost));
    }
}

/// Enters direct reading, returning what restores the mode before it.
///
/// The thread-local work is in functions that are not generic, so that it is compiled
/// once, not once per response type that [`read_exactly`] decodes.
fn begin_direct() -> Restore {
    Restore {
        direct: DIRECT.try_with(|d| d.replace(true)).unwrap_or(false),
        lost: take_lost(),
    }
}

/// Whether a value read since the last call could have lost digits; clears the mark.
fn take_lost() -> bool {
    LOST.try_with(|l| l.replace(false)).unwrap_or(false)
}

/// Leaves direct reading: every field reads its text.
fn end_direct() {
    let _ = DIRECT.try_with(|d| d.set(false));
}

/// Runs `read` with fields reading directly; when one of them met a value that could
/// have lost digits, or the read failed (`serde_json` refuses a number past `f64`'s range,
/// `1e400`, that a field read from its text keeps), runs it again with every field
/// reading its text, and returns that.
pub(crate) fn read_exactly<V, E>(mut read: impl FnMut() -> Result<V, E>) -> Result<V, E> {
    let _restore = begin_direct();
    let first = read();
    let lost = take_lost();
    if first.is_ok() && !lost {
        return first;
    }
    drop(first);
    end_direct();
    read()
}
