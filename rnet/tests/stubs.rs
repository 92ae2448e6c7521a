//! `python/rnet/_rnet.pyi` and `python/rnet/blocking.pyi`, the Python type stubs, are generated
//! from what `#[rnet::export]` records of every item (`rnet::__private::Stub`); this test
//! regenerates them and fails on any difference (`RNET_BLESS=1` rewrites them). A Rust type
//! with no Python spelling fails the test, so nothing reaches the stubs untyped.

mod api;

use api::{collect, Api, Dir};
use rnet::__private::StubFn;
use std::collections::BTreeSet;
use std::fmt::Write;

fn docstring(out: &mut String, indent: &str, doc: &str) {
    if doc.is_empty() {
        return;
    }
    let doc = doc.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    if doc.contains('\n') {
        let body = doc
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{indent}{l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        writeln!(out, "{indent}\"\"\"{}\n{indent}\"\"\"", body.trim_start()).unwrap();
    } else {
        writeln!(out, "{indent}\"\"\"{doc}\"\"\"").unwrap();
    }
}

/// Methods written by hand in `rnet/src/host/python/` (`HeaderMap.__iter__`). `test_stubs.py` checks the runtime has nothing the stubs lack.
fn host_extras(class: &str, blocking: bool) -> &'static [&'static str] {
    match (class, blocking) {
        ("HeaderMap", false) => &["def __iter__(self) -> Iterator[tuple[bytes, bytes]]: ..."],
        _ => &[],
    }
}

impl Api {
    /// `(self, a: T, b: U | None = None, *, **opts: Unpack[R])`
    fn params(&self, f: &StubFn, with_self: bool, owner: &str) -> String {
        let mut parts: Vec<String> = vec![];
        if with_self {
            parts.push("self".into());
        }
        // Trailing optional arguments default to None, as the shims declare.
        let mut optional_tail = true;
        let mut rev = vec![];
        for (name, ty, varargs) in f.args.iter().rev() {
            let t = self.py(ty, Dir::In, owner);
            if *varargs {
                optional_tail = false;
                let inner = ty
                    .strip_prefix("Vec<")
                    .and_then(|t| t.strip_suffix('>'))
                    .unwrap_or(ty);
                rev.push(format!("*{name}: {}", self.py(inner, Dir::In, owner)));
            } else if optional_tail && ty.starts_with("Option<") {
                rev.push(format!("{name}: {t} = None"));
            } else {
                optional_tail = false;
                rev.push(format!("{name}: {t}"));
            }
        }
        rev.reverse();
        parts.extend(rev);
        if !f.opts.is_empty() {
            let record = f.opts.trim_start_matches("Option<").trim_end_matches('>');
            let record = record.rsplit("::").next().unwrap_or(record);
            parts.push(format!("**opts: Unpack[{record}]"));
        }
        parts.join(", ")
    }

    /// A result type as seen from `module`: in `rnet.blocking`, twins replace their originals.
    fn ret(&self, f: &StubFn, owner: &str, blocking: bool) -> String {
        let t = self.py(f.ret, Dir::Out, owner);
        if blocking {
            return t;
        }
        t
    }

    fn function(&self, out: &mut String, indent: &str, f: &StubFn, blocking: bool) {
        let owner = f.owner;
        let ret = self.ret(f, owner, blocking);
        let asyncness = if f.is_async && !blocking {
            "async "
        } else {
            ""
        };
        match f.kind {
            "constructor" => {
                let p = self.params(f, true, owner);
                writeln!(out, "{indent}def __init__({p}) -> None:").unwrap();
            }
            "getter" => {
                writeln!(out, "{indent}@property").unwrap();
                writeln!(out, "{indent}def {}(self) -> {ret}:", f.name).unwrap();
            }
            "static" => {
                let p = self.params(f, false, owner);
                writeln!(out, "{indent}@staticmethod").unwrap();
                writeln!(out, "{indent}{asyncness}def {}({p}) -> {ret}:", f.name).unwrap();
            }
            "method" => {
                let p = self.params(f, true, owner);
                writeln!(out, "{indent}{asyncness}def {}({p}) -> {ret}:", f.name).unwrap();
            }
            _ => {
                let p = self.params(f, false, owner);
                writeln!(out, "{indent}{asyncness}def {}({p}) -> {ret}:", f.name).unwrap();
            }
        }
        let inner = format!("{indent}    ");
        docstring(out, &inner, f.doc);
        writeln!(out, "{inner}...").unwrap();
    }

    fn class(&self, out: &mut String, name: &str, doc: &str, blocking: bool) {
        writeln!(out, "\n@final\nclass {name}:").unwrap();
        docstring(out, "    ", doc);
        let mut any = false;
        if let Some(source) = self.class_consts.get(name).filter(|_| !blocking) {
            let variants = self.enums.iter().find(|e| e.0 == *source).map(|e| e.2);
            for v in variants.expect("consts(..) names an exported enum").iter() {
                writeln!(out, "    {v}: ClassVar[{source}]").unwrap();
                any = true;
            }
        }
        for f in self.fns.iter().filter(|f| f.owner == name) {
            if blocking && !f.blocking {
                continue;
            }
            self.function(out, "    ", f, blocking);
            any = true;
        }
        for line in host_extras(name, blocking)
            .iter()
            .map(|l| l.to_string())
            .chain(self.protocol_lines(name, blocking))
        {
            writeln!(out, "    {line}").unwrap();
            any = true;
        }
        if !any && doc.is_empty() {
            writeln!(out, "    ...").unwrap();
        }
    }

    /// `async for` / `async with` (or `for` / `with` in `rnet.blocking`) from `#[rnet(iter)]`
    /// and `#[rnet(close)]`.
    fn protocol_lines(&self, name: &str, blocking: bool) -> Vec<String> {
        let mut ours: Vec<_> = self
            .protocols
            .iter()
            .filter(|p| p.0 == name && (!blocking || p.3))
            .collect();
        ours.sort_by_key(|p| !p.1);
        let mut lines = vec![];
        for (_, iter, item, _) in ours {
            let (a, b) = if blocking { ("", "") } else { ("a", "async ") };
            if *iter {
                let item = self.py(item, Dir::Out, name);
                let item = item.strip_suffix(" | None").unwrap_or(&item);
                lines.push(format!("def __{a}iter__(self) -> {name}: ..."));
                lines.push(format!("{b}def __{a}next__(self) -> {item}: ..."));
            } else {
                lines.push(format!("{b}def __{a}enter__(self) -> {name}: ..."));
                lines.push(format!(
                    "{b}def __{a}exit__(self, *exc: object) -> None: ..."
                ));
            }
        }
        lines
    }

    fn native(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str(
            "import builtins\nimport datetime\nimport ipaddress\nimport os\nfrom collections.abc import AsyncIterable, Callable, Iterable, Iterator, Mapping, Sequence\nfrom typing import Any, ClassVar, TypeAlias, TypedDict, Unpack, final\n\nfrom . import blocking as blocking\nfrom ._status import StatusCode as StatusCode\n\n__version__: str\n\"\"\"The workspace Cargo.toml's version, compiled in.\"\"\"\n",
        );
        for (name, doc, variants) in &self.unions {
            let mut alts: Vec<String> = vec![];
            for v in variants.iter() {
                let t = self.py(v, Dir::In, name);
                if !alts.contains(&t) {
                    alts.push(t);
                }
            }
            writeln!(out, "\n{name}: TypeAlias = {}", alts.join(" | ")).unwrap();
            if !doc.is_empty() {
                writeln!(out, "\"\"\"{}\"\"\"", doc.replace('\n', " ")).unwrap();
            }
        }
        for (name, doc, variants) in &self.enums {
            writeln!(out, "\n@final\nclass {name}:").unwrap();
            docstring(&mut out, "    ", doc);
            for v in variants.iter() {
                writeln!(out, "    {v}: ClassVar[{name}]").unwrap();
            }
            writeln!(out, "    def __int__(self) -> int: ...").unwrap();
        }
        for (name, doc, fields) in &self.records {
            let bases = api::bases(fields);
            let bases = if bases.is_empty() {
                "TypedDict".to_string()
            } else {
                bases.join(", ")
            };
            writeln!(out, "\nclass {name}({bases}, total=False):").unwrap();
            docstring(&mut out, "    ", doc);
            let mut any = false;
            for f in fields
                .iter()
                .filter(|f| !f.python.is_empty() && f.flatten.is_none())
            {
                writeln!(
                    out,
                    "    {}: {}",
                    f.python,
                    self.py(f.rust_type, Dir::In, name)
                        .trim_end_matches(" | None")
                )
                .unwrap();
                docstring(&mut out, "    ", f.doc);
                any = true;
            }
            if !any {
                writeln!(out, "    ...").unwrap();
            }
        }
        writeln!(out, "\nclass RnetError(Exception):\n    \"\"\"The base of every rnet error.\"\"\"\n    code: str\n    \"\"\"A stable error code, e.g. `ERR_RNET_TIMEOUT` (the same as in Node).\"\"\"").unwrap();
        for e in &self.errors {
            let bases = match e.builtin_base {
                Some(b) => format!("RnetError, builtins.{b}"),
                None => "RnetError".into(),
            };
            writeln!(out, "\nclass {}({bases}):", e.name).unwrap();
            docstring(&mut out, "    ", e.doc);
            writeln!(out, "    ...").unwrap();
        }
        for (name, (doc, _)) in &self.classes {
            self.class(&mut out, name, doc, false);
        }
        out.push('\n');
        for f in self.fns.iter().filter(|f| f.owner.is_empty()) {
            self.function(&mut out, "", f, false);
            out.push('\n');
        }
        out
    }

    fn blocking(&self) -> String {
        let mut out = String::from(HEADER);
        let twins: Vec<&str> = self
            .classes
            .iter()
            .filter(|(_, (_, b))| *b)
            .map(|(n, _)| *n)
            .collect();
        // Every other type the twins mention comes from the async module.
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        shared.extend(self.classes.keys().filter(|n| !twins.contains(n)));
        shared.extend(self.enums.iter().map(|e| e.0));
        shared.extend(self.unions.iter().map(|u| u.0));
        shared.extend(self.records.iter().map(|r| r.0));
        // A value that is a class of its own as a result (`StatusCode`).
        shared.extend(self.values.iter().filter(|v| v.3 == v.0).map(|v| v.0));
        let shared: Vec<&str> = shared.into_iter().collect();
        out.push_str("import datetime\nimport ipaddress\nimport os\nfrom collections.abc import AsyncIterable, Iterable, Iterator, Mapping, Sequence\nfrom typing import Any, Unpack, final\n\n");
        writeln!(
            out,
            "from ._rnet import (\n    {},\n)",
            shared.join(",\n    ")
        )
        .unwrap();
        for name in &twins {
            let doc = format!("The blocking twin of `rnet.{name}`.");
            self.class(&mut out, name, &doc, true);
        }
        out.push('\n');
        for f in self.fns.iter().filter(|f| f.owner.is_empty() && f.blocking) {
            self.function(&mut out, "", f, true);
            out.push('\n');
        }
        writeln!(
            out,
            "__all__ = [{}]",
            twins
                .iter()
                .map(|t| t.to_string())
                .chain(
                    self.fns
                        .iter()
                        .filter(|f| f.owner.is_empty() && f.blocking)
                        .map(|f| f.name.to_string())
                )
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .unwrap();
        out
    }
}

impl Api {
    /// docs/api-python.md: the stubs, one section per item, with their docs as prose.
    fn reference(&self) -> String {
        let mut out = String::from(
            "# Python API reference\n\n<!-- @generated by `RNET_BLESS=1 cargo test -p rnet --test stubs` from the #[rnet::export] annotations; do not edit. -->\n\n\
             Module `rnet` (async) and `rnet.blocking` (the same classes and functions, blocking).\n\
             Options records are keyword arguments; their fields are in the [options reference](options.md).\n",
        );
        out.push_str("\n## Module functions\n\n```pyi\n");
        for f in self.fns.iter().filter(|f| f.owner.is_empty()) {
            self.function(&mut out, "", f, false);
        }
        out.push_str("```\n");
        for (name, (doc, blocking)) in &self.classes {
            let twin = if *blocking {
                " (blocking twin: `rnet.blocking.".to_string() + name + "`)"
            } else {
                String::new()
            };
            writeln!(
                out,
                "\n## {name}{twin}\n\n{}\n\n```pyi",
                doc.replace('\n', " ")
            )
            .unwrap();
            let mut block = String::new();
            self.class(&mut block, name, "", false);
            out.push_str(block.trim_start_matches("\n@final\n"));
            out.push_str("```\n");
        }
        out.push_str("\n## Enums\n");
        for (name, doc, variants) in &self.enums {
            writeln!(
                out,
                "\n- `{name}`: {} — {}",
                doc.replace('\n', " "),
                variants.join(", ")
            )
            .unwrap();
        }
        out.push_str("\n## Errors\n\nAll derive from `RnetError` (with `.code`, the same code as in Node).\n\n| class | code | meaning |\n|---|---|---|\n");
        for e in &self.errors {
            writeln!(
                out,
                "| `{}` | `{}` | {} |",
                e.name,
                e.code,
                e.doc.replace('\n', " ")
            )
            .unwrap();
        }
        out
    }
}

const HEADER: &str = "# @generated by `RNET_BLESS=1 cargo test -p rnet --test stubs` from the #[rnet::export]\n# annotations of the Rust core; do not edit.\n\n";

#[test]
fn python_stubs_are_current() {
    let api = collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for (path, text) in [
        (format!("{root}/python/rnet/_rnet.pyi"), api.native()),
        (format!("{root}/python/rnet/blocking.pyi"), api.blocking()),
        (format!("{root}/docs/api-python.md"), api.reference()),
    ] {
        if std::env::var_os("RNET_BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{path} is stale: run `RNET_BLESS=1 cargo test -p rnet --test stubs` and commit it"
        );
    }
}

/// The TypeScript aliases of the boundary values, from `convert::Hint`: napi writes this file
/// at the top of `native.d.ts` (`dtsHeaderFile` in `node/package.json`), so the signatures that
/// name `TimeDelta` or `Pairs` resolve.
#[test]
fn typescript_aliases_are_current() {
    let api = collect();
    let mut values = api.values.clone();
    values.sort_by_key(|v| v.0);
    let mut out = String::from(
        "/* auto-generated by NAPI-RS */\n/* eslint-disable */\n\n// @generated by `RNET_BLESS=1 cargo test -p rnet --test stubs` from the `Hint`\n// of each boundary value in the Rust core; do not edit.\n",
    );
    for (name, doc, _, _, ts) in values {
        if name == ts {
            continue;
        }
        let doc = doc.replace('\n', " ");
        writeln!(out, "\n/** {doc} */\nexport type {name} = {ts}").unwrap();
    }
    // napi declares a unit enum as a string union, a type only; the runtime also exports an
    // object whose keys are its values (`Profile.Chrome149`), declared here beside the type.
    let mut enums: Vec<_> = api.enums.iter().map(|e| e.0).collect();
    enums.sort();
    for name in enums {
        writeln!(out, "\n/** `{name}.X` is `'X'`: the values of the `{name}` union, by name. */\nexport declare const {name}: {{ readonly [K in {name}]: K }}").unwrap();
    }
    // `#[rnet(flatten)]`: merged with the interface napi writes for the record.
    for (name, _, fields) in &api.records {
        let bases = api::bases(fields);
        if !bases.is_empty() {
            let bases = bases.join(", ");
            writeln!(out, "\n/** Takes every option of {bases}. */\nexport interface {name} extends {bases} {{}}").unwrap();
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../node/native-header.d.ts");
    if std::env::var_os("RNET_BLESS").is_some() {
        std::fs::write(path, &out).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == out,
        "{path} is stale: run `RNET_BLESS=1 cargo test -p rnet --test stubs` and commit it"
    );
}
