//! Hand-written host glue: the only place that names PyO3 or napi directly.

#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "python")]
pub mod python;

/// The hosts' Rust allocations go through mimalloc. A request allocates and frees on
/// different runtime threads, which glibc's allocator handles poorly (`_int_free`,
/// `malloc_consolidate` were a tenth of the runtime threads' time on the bench).
/// Python and Node keep their own allocators for their own objects.
#[cfg(any(feature = "python", feature = "node"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether a whole body is joined into one slice on the runtime, before it reaches the host.
/// Node lends one slice to JS (node/lend.rs), and joining on the JS thread measured 20–25%
/// slower at 200 KiB; Python copies the frames straight into its `bytes`, so joining first
/// would only add a copy.
pub const JOIN_BODIES: bool = cfg!(feature = "node");

/// Whether a response copies what it keeps of the connection's read buffer (its header
/// values, a small body) into memory of its own. Those arrive as slices, and a slice keeps
/// the whole buffer alive: 8 KiB up to ~400 KiB, however small the slice. V8 frees a response
/// only when it collects it, so until then each one pinned a buffer (measured, 100 requests
/// in flight, medians of 5: Node's peak RSS 81 → 72 MB at 1 KiB, 112 → 100 at 20 KiB,
/// 245 → 235 at 200 KiB, over HTTP/1.1). Python frees a response when
/// its last reference goes, so there the copy mostly costs: measured with it on, 3,000 held
/// 1 KiB responses took 10 MB against 24–27, but CPU per request rose 2.5–7% (async, 1 and
/// 20 KiB), where Python's margin over wreq-python is smaller than that.
pub const UNPIN_RESPONSES: bool = cfg!(feature = "node");

/// The name of a record's option as this host's users write it: `body_limit` in Python (and
/// in Rust), `bodyLimit` in JS. The names are the ones `#[rnet::export(record)]` generated
/// the bindings with (`FIELDS`, `js_name` overrides included), so core messages that name an
/// option read as the user's code does. `field` is the Rust field name.
pub fn option_name(
    fields: &'static [crate::__private::FieldDoc],
    field: &'static str,
) -> &'static str {
    // (The python,node build is a compile check only; it keeps Python's names.)
    const JS: bool = cfg!(feature = "node") && !cfg!(feature = "python");
    let found = crate::__private::FieldDoc::options(fields)
        .into_iter()
        .find(|f| f.python == field);
    debug_assert!(found.is_some(), "`{field}` is not an option of this record");
    match found {
        Some(f) if JS => f.js,
        _ => field,
    }
}

#[cfg(test)]
mod tests {
    use crate::client::ClientConfig;

    #[test]
    fn option_names_are_the_generated_bindings_names() {
        let js = cfg!(feature = "node") && !cfg!(feature = "python");
        for (field, in_js) in [
            ("body_limit", "bodyLimit"),
            ("base_url", "baseURL"),
            ("user_agent", "userAgent"),
        ] {
            let want = if js { in_js } else { field };
            assert_eq!(super::option_name(ClientConfig::FIELDS, field), want);
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "not an option")]
    fn a_name_that_is_not_a_field_is_caught() {
        super::option_name(ClientConfig::FIELDS, "no_such_option");
    }
}
