//! The rules an exported item must follow, each a spanned error that names the fix.
//! Every violation is collected, not just the first.

use crate::ir::{FnKind, FnSpec, Item, Output, Receiver};
use syn::{spanned::Spanned, visit::Visit, Generics};

#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, span: proc_macro2::Span, msg: impl std::fmt::Display) {
        let e = syn::Error::new(span, msg);
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
}

pub fn check(item: &Item) -> syn::Result<()> {
    let mut errors = Errors::default();
    match item {
        Item::Class(s, _) => generics(&mut errors, &s.generics, "an exported struct"),
        Item::Record(r) => {
            generics(&mut errors, &r.item.generics, "an exported record");
            for f in &r.fields {
                wide_ints(&mut errors, &f.ty);
            }
        }
        Item::Enum(e) => {
            generics(&mut errors, &e.generics, "an exported enum");
            for v in &e.variants {
                if !matches!(v.fields, syn::Fields::Unit) {
                    errors.push(
                        v.span(),
                        "an exported enum has unit variants only; carry data in a class or a record",
                    );
                }
            }
        }
        Item::Error(e) => generics(&mut errors, &e.item.generics, "an exported error enum"),
        Item::Union(u) => {
            generics(&mut errors, &u.item.generics, "an exported union");
            for (_, ty) in &u.variants {
                wide_ints(&mut errors, ty);
            }
        }
        Item::Impl(i) => {
            generics(&mut errors, &i.item.generics, "an exported impl block");
            if let Some((_, path, _)) = &i.item.trait_ {
                errors.push(
                    path.span(),
                    "export an inherent `impl Type { .. }`, not a trait impl: hosts call methods, not traits",
                );
            }
            for m in &i.methods {
                function(&mut errors, m);
            }
        }
        Item::Fn(_, spec) => function(&mut errors, spec),
        Item::Value(_) => {}
    }
    errors.0.map_or(Ok(()), Err)
}

fn generics(errors: &mut Errors, g: &Generics, what: &str) {
    for p in &g.params {
        let msg = match p {
            syn::GenericParam::Lifetime(_) => format!(
                "{what} cannot have lifetimes: host objects outlive any borrow; own the data (e.g. `String`, `Arc<T>`)"
            ),
            _ => format!(
                "{what} cannot be generic: Python and JS classes are concrete; export a concrete type or a newtype around one"
            ),
        };
        errors.push(p.span(), msg);
    }
}

fn function(errors: &mut Errors, f: &FnSpec) {
    generics(errors, &f.sig.generics, "an exported function");
    match (f.kind, f.receiver) {
        (FnKind::Free, _) => {}
        (FnKind::Constructor | FnKind::Static, Receiver::None) => {}
        (FnKind::Static, _) => errors.push(
            f.sig.inputs.span(),
            "a `#[rnet(staticmethod)]` takes no `self`",
        ),
        (FnKind::Constructor, _) => errors.push(
            f.sig.inputs.span(),
            "a constructor takes no `self`: write `fn new(..) -> Result<Self>`",
        ),
        (FnKind::Getter | FnKind::Method, Receiver::Ref) => {}
        (FnKind::Getter | FnKind::Method, Receiver::None) => errors.push(
            f.sig.ident.span(),
            "an exported method takes `&self`; mark constructors with `#[rnet(constructor)]` and associated functions with `#[rnet(staticmethod)]`",
        ),
        (_, Receiver::RefMut) => errors.push(
            f.sig.inputs.span(),
            "exported methods take `&self`, not `&mut self`: host objects are shared between threads; use interior mutability (a `Mutex` or atomics inside the handle)",
        ),
        (_, Receiver::Value) => errors.push(
            f.sig.inputs.span(),
            "exported methods take `&self`, not `self` by value: the host keeps the object; clone what you need inside the method",
        ),
    }
    if f.iter.is_some() && !f.is_async() {
        errors.push(
            f.sig.ident.span(),
            "`#[rnet(iter)]` goes on an async method returning `Option<T>` (or `Result<Option<T>>`): `None` ends the iteration",
        );
    }
    if f.kind == FnKind::Free && !f.skip_node && JS_RESERVED.contains(&f.js_name.as_str()) {
        errors.push(
            f.sig.ident.span(),
            format!(
                "`{}` is a reserved word in JavaScript and cannot name a module export; add `#[rnet(node(js_name = \"..\"))]`",
                f.js_name
            ),
        );
    }
    if f.kind == FnKind::Getter && (!f.args.is_empty() || f.opts.is_some() || f.is_async()) {
        errors.push(
            f.sig.span(),
            "a getter is a sync `fn(&self) -> T` with no arguments",
        );
    }
    if f.kind == FnKind::Constructor && f.is_async() {
        errors.push(
            f.sig.asyncness.span(),
            "a constructor cannot be async: build the handle synchronously and connect lazily",
        );
    }
    for arg in f.args.iter().chain(f.opts.iter()) {
        if f.is_async() && borrows(&arg.ty) {
            errors.push(
                arg.ty.span(),
                "async functions take owned arguments (`String`, not `&str`; `Vec<T>`, not `&[T]`): the future outlives the host call",
            );
        }
        if !f.skip_node {
            wide_ints(errors, &arg.ty);
        }
    }
    if let (Output::Plain(t) | Output::Fallible(t), false) = (&f.output, f.skip_node) {
        wide_ints(errors, t);
    }
}

/// Does the type contain a reference or a lifetime?
fn borrows(ty: &syn::Type) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_type_reference(&mut self, _: &'ast syn::TypeReference) {
            self.0 = true;
        }
        fn visit_lifetime(&mut self, _: &'ast syn::Lifetime) {
            self.0 = true;
        }
    }
    let mut v = V(false);
    v.visit_type(ty);
    v.0
}

/// `u64`/`usize`/`i128`/`u128`/`isize` cannot be carried by a JS number.
fn wide_ints(errors: &mut Errors, ty: &syn::Type) {
    struct V<'e>(&'e mut Errors);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            if let Some(id) = p.get_ident() {
                let name = id.to_string();
                if matches!(name.as_str(), "u64" | "usize" | "u128" | "i128" | "isize") {
                    self.0.push(
                        id.span(),
                        format!("`{name}` cannot cross into JavaScript (napi has no lossless conversion for it); use `u32`, `i64` or `f64`"),
                    );
                }
            }
            syn::visit::visit_path(self, p);
        }
    }
    V(errors).visit_type(ty);
}

const JS_RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "await",
];
