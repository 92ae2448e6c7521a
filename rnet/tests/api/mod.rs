//! What `#[rnet::export]` recorded of the API (`rnet::__private::Stub`), and the Python
//! spelling of its Rust types: shared by the stubs and the options reference.
#![allow(dead_code)]

use rnet::__private::{inventory, FieldDoc, Stub, StubFn};
use std::collections::BTreeMap;

/// Which way a value crosses: arguments accept more than results return.
#[derive(Clone, Copy, PartialEq)]
pub enum Dir {
    In,
    Out,
}

pub struct Api {
    pub classes: BTreeMap<&'static str, (&'static str, bool)>,
    /// class -> the enum whose members it carries as class attributes (`#[rnet(consts(..))]`)
    pub class_consts: BTreeMap<&'static str, &'static str>,
    pub enums: Vec<(&'static str, &'static str, &'static [&'static str])>,
    pub unions: Vec<(&'static str, &'static str, &'static [&'static str])>,
    pub records: Vec<(&'static str, &'static str, &'static [FieldDoc])>,
    pub errors: Vec<&'static rnet::__private::ErrorClass>,
    pub fns: Vec<&'static StubFn>,
    /// Boundary values: (name, doc, Python in, Python out, TypeScript), from `convert::Hint`.
    pub values: Vec<(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
    /// (class, iter (else close), the next-call's result type, has a blocking twin)
    pub protocols: Vec<(&'static str, bool, &'static str, bool)>,
}

pub fn collect() -> Api {
    let mut api = Api {
        classes: BTreeMap::new(),
        class_consts: BTreeMap::new(),
        enums: vec![],
        unions: vec![],
        records: vec![],
        errors: vec![],
        fns: vec![],
        protocols: vec![],
        values: vec![],
    };
    for s in inventory::iter::<Stub> {
        match s {
            Stub::Class {
                name,
                doc,
                blocking,
                consts,
            } => {
                api.classes.insert(name, (doc, *blocking));
                if !consts.is_empty() {
                    api.class_consts.insert(name, consts);
                }
            }
            Stub::Enum {
                name,
                doc,
                variants,
            } => api.enums.push((name, doc, variants)),
            Stub::Union {
                name,
                doc,
                variants,
            } => api.unions.push((name, doc, variants)),
            Stub::Record { name, doc, fields } => api.records.push((name, doc, fields)),
            Stub::Errors(classes) => api.errors.extend(classes.iter()),
            Stub::Fn(f) => api.fns.push(f),
            Stub::Value {
                name,
                doc,
                python_in,
                python_out,
                ts,
            } => api.values.push((name, doc, python_in, python_out, ts)),
            Stub::Protocol {
                owner,
                iter,
                item,
                blocking,
                ..
            } => api.protocols.push((owner, *iter, item, *blocking)),
        }
    }
    api.enums.sort_by_key(|e| e.0);
    api.unions.sort_by_key(|u| u.0);
    // A record after the records it embeds: a TypedDict's bases come first.
    api.records.sort_by_key(|r| (!bases(r.2).is_empty(), r.0));
    api.fns
        .sort_by_key(|f| (f.owner, kind_order(f.kind), f.name));
    api
}

/// The record a `#[rnet(flatten)]` field embeds, by name (the last segment of its type).
pub fn base_name(f: &FieldDoc) -> &'static str {
    f.rust_type.rsplit("::").next().unwrap_or(f.rust_type)
}

/// The records a record embeds: its Python TypedDict bases, its TypeScript `extends`.
pub fn bases(fields: &[FieldDoc]) -> Vec<&'static str> {
    fields
        .iter()
        .filter(|f| f.flatten.is_some())
        .map(base_name)
        .collect()
}

pub fn kind_order(kind: &str) -> u8 {
    match kind {
        "constructor" => 0,
        "static" => 1,
        "getter" => 2,
        _ => 3,
    }
}

/// Splits `A<B,C<D>>`-style text at top-level commas.
pub fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0i32, 0, vec![]);
    for (i, c) in s.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

impl Api {
    pub fn known(&self, name: &str) -> bool {
        self.classes.contains_key(name)
            || self.enums.iter().any(|e| e.0 == name)
            || self.unions.iter().any(|u| u.0 == name)
            || self.records.iter().any(|r| r.0 == name)
    }

    /// The Python spelling of a Rust type; `owner` names `Self`.
    pub fn py(&self, rust: &str, dir: Dir, owner: &str) -> String {
        let rust = rust.trim();
        let generic = |prefix: &str| rust.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
        if let Some(inner) = generic("Option<") {
            return format!("{} | None", self.py(inner, dir, owner));
        }
        if let Some(inner) = generic("Vec<") {
            let t = self.py(inner, dir, owner);
            return if dir == Dir::In {
                format!("Sequence[{t}]")
            } else {
                format!("list[{t}]")
            };
        }
        if let Some(inner) = generic("Result<") {
            return self.py(split_top(inner)[0], dir, owner);
        }
        if let Some(inner) = rust.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            if inner.is_empty() {
                return "None".into();
            }
            let parts: Vec<String> = split_top(inner)
                .into_iter()
                .map(|p| self.py(p, dir, owner))
                .collect();
            return format!("tuple[{}]", parts.join(", "));
        }
        let leaf = rust.rsplit("::").next().unwrap_or(rust);
        if let Some(v) = self.values.iter().find(|v| v.0 == leaf) {
            return if dir == Dir::In { v.2 } else { v.3 }.to_string();
        }
        // A unit enum is also taken by its name (`"GET"`).
        if dir == Dir::In && self.enums.iter().any(|e| e.0 == leaf) {
            return format!("{leaf} | str");
        }
        let spelled = match (leaf, dir) {
            ("bool", _) => "bool",
            ("String", _) => "str",
            ("u16" | "u32" | "i32" | "i64" | "usize", _) => "int",
            ("f64", _) => "float",
            ("Self", _) => owner,
            ("IndexMap<String,String>" | "HashMap<String,String>", Dir::In) => "Mapping[str, str]",
            ("IndexMap<String,String>" | "HashMap<String,String>", Dir::Out) => "dict[str, str]",
            (name, _) if self.known(name) => name,
            (other, _) => panic!("stubs: no Python spelling for `{other}` (in `{rust}`); add one"),
        };
        spelled.to_string()
    }
}
