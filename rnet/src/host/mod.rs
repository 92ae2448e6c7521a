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

/// An option's name as this host's users write it: `body_limit` in Python (and in Rust),
/// `bodyLimit` in JS, as the generated bindings spell it. Core messages that name an option
/// or a method go through it, so a Node user reads the name their code used.
pub fn name(snake: &'static str) -> std::borrow::Cow<'static, str> {
    // (The python,node build is a compile check only; it keeps Python's names.)
    const JS: bool = cfg!(feature = "node") && !cfg!(feature = "python");
    if !JS {
        return snake.into();
    }
    // The one option with a `js_name` of its own (ClientConfig::base_url), as fetch spells it.
    match snake {
        "base_url" => "baseURL".into(),
        _ => camel_case(snake).into(),
    }
}

/// `max_blocking_threads` → `maxBlockingThreads`, as napi names a field.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case_is_how_napi_names_fields() {
        for (snake, js) in [
            ("body_limit", "bodyLimit"),
            ("max_blocking_threads", "maxBlockingThreads"),
            ("gzip", "gzip"),
        ] {
            assert_eq!(super::camel_case(snake), js);
        }
    }
}
