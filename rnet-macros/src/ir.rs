//! The typed IR: what an exported item means, read once from the token tree.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{
    parse::Parser, punctuated::Punctuated, spanned::Spanned, Attribute, Expr, FnArg, Ident,
    ImplItem, Item as SynItem, ItemEnum, ItemFn, ItemImpl, ItemStruct, Lit, LitStr, Meta, Pat,
    ReturnType, Signature, Token, Type,
};

#[allow(clippy::large_enum_variant)] // one per macro call: size does not matter
pub enum Item {
    /// A class, and the enum named by `#[rnet(consts(Enum))]`, whose members it also carries as
    /// Python class attributes (wreq-python's `Emulation.Chrome133`).
    Class(ItemStruct, Option<Ident>),
    Record(Record),
    Enum(ItemEnum),
    Error(ErrorEnum),
    Union(Union),
    Impl(Impl),
    Fn(ItemFn, FnSpec),
    Value(Value),
}

/// `#[rnet::export(input)]`, `(output)` or `(input, output)`: a boundary type whose
/// conversions are written once in the core (`Lift` / `Lower` over any host); the hosts get
/// bridges to their own traits.
pub struct Value {
    pub item: SynItem,
    pub ident: Ident,
    pub input: bool,
    pub output: bool,
}

pub struct Record {
    pub item: ItemStruct,
    pub fields: Vec<Field>,
}

pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    /// The JS property name (camelCase, or `#[rnet(js_name = "..")]`: `baseURL`).
    pub js_name: String,
    /// Named by `js_name`, not by camelCase.
    pub renamed: bool,
    /// `#[rnet(ts_type = "..")]`, for field types napi cannot name.
    pub ts_type: Option<LitStr>,
    /// `#[rnet(skip(python))]`: a JS-only option (e.g. `signal`); Python rejects the key.
    pub skip_python: bool,
    /// `#[rnet(flatten)]`: the field is another record whose keys this one takes as its own
    /// (Python: a TypedDict base; TypeScript: `extends`).
    pub flatten: bool,
}

/// `#[rnet::export(union)]`: an enum of one-field variants, each a type the argument may be.
/// The hosts try the variants in order; JS also gets `export type E = A | B`.
pub struct Union {
    pub item: ItemEnum,
    pub variants: Vec<(Ident, Type)>,
    /// The enum's doc comment, used in "expected …" messages.
    pub doc: String,
}

pub struct ErrorEnum {
    pub item: ItemEnum,
    pub variants: Vec<ErrorVariant>,
}

pub struct ErrorVariant {
    pub ident: Ident,
    /// Python exception class name, e.g. `TimeoutError`.
    pub python: String,
    /// A Python builtin exception the class also derives from, e.g. `TimeoutError`.
    pub python_base: Option<String>,
    /// Stable JS `error.code`, e.g. `ERR_RNET_TIMEOUT`.
    pub code: String,
    pub doc: String,
}

pub struct Impl {
    pub item: ItemImpl,
    pub self_ty: Type,
    pub methods: Vec<FnSpec>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    Constructor,
    /// `#[rnet(staticmethod)]`: an associated function (`Emulation.random()`).
    Static,
    Getter,
    Method,
    Free,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    None,
    Ref,
    RefMut,
    Value,
}

pub struct Arg {
    pub ident: Ident,
    pub ty: Type,
    /// `#[rnet(varargs)]`: Python `*name` (the values gathered into the `Vec`); JS an array.
    pub varargs: bool,
}

#[derive(Clone)]
pub enum Output {
    Unit,
    Plain(Type),
    /// `Result<T, ..>`: the shim maps the error to the host's error.
    Fallible(Type),
}

pub struct FnSpec {
    pub ident: Ident,
    pub sig: Signature,
    pub kind: FnKind,
    pub receiver: Receiver,
    pub args: Vec<Arg>,
    /// The trailing `opts` record: Python `**opts`, an optional JS object.
    pub opts: Option<Arg>,
    pub output: Output,
    /// `#[doc]` and `#[cfg]` attributes, copied onto every shim.
    pub passthrough: Vec<Attribute>,
    pub py_name: String,
    pub js_name: String,
    pub skip_python: bool,
    pub skip_node: bool,
    /// `#[rnet(spawn)]`: an async call whose first poll already does real work (building
    /// and sending a request), so all of it runs on the runtime instead of first being
    /// polled on the host's thread.
    pub spawn: bool,
    /// `#[rnet(iter)]`: the next-item call of the class's iteration (`None` ends it), with
    /// `#[rnet(iter(then_close))]` when leaving a JS loop early must also close.
    pub iter: Option<bool>,
    /// `#[rnet(close)]`: what ends the class's `async with` / `with` / `await using`.
    pub close: bool,
}

impl FnSpec {
    pub fn is_async(&self) -> bool {
        self.sig.asyncness.is_some()
    }

    /// The success type of the call (`T` of `Result<T>`, or the plain return type).
    pub fn ok_type(&self) -> TokenStream {
        match &self.output {
            Output::Unit => quote!(()),
            Output::Plain(t) | Output::Fallible(t) => quote!(#t),
        }
    }

    /// An owned future of `Result<T, E>` for an async `call`, so fallible and infallible
    /// functions share one host bridge (`Infallible` implements `ExportedError`).
    pub fn result_future(&self, call: &TokenStream) -> TokenStream {
        match &self.output {
            Output::Fallible(_) => quote!(async move { #call.await }),
            _ => quote!(async move {
                ::core::result::Result::Ok::<_, ::core::convert::Infallible>(#call.await)
            }),
        }
    }

    /// The call's result as a `Result` expression inside an `async` block: awaited when the
    /// function is async, wrapped in `Ok` when it cannot fail.
    pub fn result_expr(&self, call: &TokenStream) -> TokenStream {
        if self.is_async() {
            let fut = self.result_future(call);
            return quote!(#fut.await);
        }
        match &self.output {
            Output::Fallible(_) => quote!(#call),
            _ => quote!(::core::result::Result::Ok::<_, ::core::convert::Infallible>(#call)),
        }
    }

    /// A call of a protocol method on `__rnet_this`, every argument at its default.
    pub fn default_call(&self) -> TokenStream {
        let ident = &self.ident;
        let defaults = self
            .arg_idents()
            .into_iter()
            .map(|_| quote!(::core::default::Default::default()));
        quote!(__rnet_this.#ident(#(#defaults),*))
    }

    pub fn arg_idents(&self) -> Vec<&Ident> {
        self.args
            .iter()
            .chain(self.opts.iter())
            .map(|a| &a.ident)
            .collect()
    }
}

impl Item {
    /// The user's item minus our helper attributes, with no host attributes: what is emitted
    /// beside a check error, so the only errors shown are ours.
    pub fn plain(&self) -> TokenStream {
        match self {
            Item::Class(s, _) => s.to_token_stream(),
            Item::Enum(e) => e.to_token_stream(),
            Item::Record(r) => r.item.to_token_stream(),
            Item::Union(u) => u.item.to_token_stream(),
            _ => self.original(),
        }
    }

    /// The user's item as they wrote it, minus our helper attributes, plus the type-level
    /// host attributes (`pyclass` / `napi`) that must sit on the item itself.
    pub fn original(&self) -> TokenStream {
        match self {
            Item::Class(s, _) => {
                let name = s.ident.to_string();
                quote! {
                    #[cfg_attr(feature = "python", ::pyo3::pyclass(frozen, from_py_object, module = "rnet", name = #name))]
                    #[cfg_attr(feature = "node", ::napi_derive::napi)]
                    #s
                }
            }
            Item::Enum(e) => {
                let name = e.ident.to_string();
                quote! {
                    #[cfg_attr(feature = "python", ::pyo3::pyclass(eq, eq_int, frozen, hash, module = "rnet", name = #name))]
                    #[cfg_attr(feature = "node", ::napi_derive::napi(string_enum))]
                    #e
                }
            }
            // Records and the others are emitted by the host generators, or need nothing.
            // Under `node` the record is emitted with its napi attributes by `node::record`.
            Item::Record(r) => {
                let item = &r.item;
                quote!(#[cfg(not(feature = "node"))] #item)
            }
            Item::Error(e) => e.item.to_token_stream(),
            Item::Union(u) => u.item.to_token_stream(),
            Item::Impl(i) => i.item.to_token_stream(),
            Item::Fn(f, _) => f.to_token_stream(),
            Item::Value(v) => v.item.to_token_stream(),
        }
    }
}

enum Mode {
    Class,
    Record,
    Error,
    Union,
}

/// The parsed item, and whether Python also gets its blocking twin (`export(blocking)`).
pub fn parse(attr: TokenStream, item: TokenStream) -> syn::Result<(Item, bool)> {
    let blocking = syn::parse2::<Ident>(attr.clone()).is_ok_and(|i| i == "blocking");
    if blocking {
        let item = parse_item(Mode::Class, item)?;
        if !matches!(item, Item::Class(..) | Item::Impl(_) | Item::Fn(..)) {
            return Err(syn::Error::new(
                attr.span(),
                "`#[rnet::export(blocking)]` goes on a struct, its impl block or a function",
            ));
        }
        return Ok((item, true));
    }
    if let Some(value) = parse_value(&attr, &item)? {
        return Ok((Item::Value(value), false));
    }
    let mode = if attr.is_empty() {
        Mode::Class
    } else {
        let ident: Ident = syn::parse2(attr.clone()).map_err(|_| {
                syn::Error::new(
                attr.span(),
                "expected `#[rnet::export]`, `#[rnet::export(record)]`, `#[rnet::export(union)]` or `#[rnet::export(error)]`",
            )
            })?;
        match ident.to_string().as_str() {
                "record" => Mode::Record,
                "error" => Mode::Error,
                "union" => Mode::Union,
                _ => return Err(syn::Error::new(
                    ident.span(),
                    "unknown export kind: use `record` (an options bag), `union` (one of several types), `error` (an error enum) or `blocking` (with a Python blocking twin)",
                )),
            }
    };
    Ok((parse_item(mode, item)?, false))
}

/// `input` / `output` (either or both): a boundary value type.
fn parse_value(attr: &TokenStream, item: &TokenStream) -> syn::Result<Option<Value>> {
    let Ok(words) = Punctuated::<Ident, Token![,]>::parse_terminated.parse2(attr.clone()) else {
        return Ok(None);
    };
    let (input, output) = (
        words.iter().any(|w| w == "input"),
        words.iter().any(|w| w == "output"),
    );
    if !(input || output) || words.iter().any(|w| w != "input" && w != "output") {
        return Ok(None);
    }
    let item: SynItem = syn::parse2(item.clone())?;
    let ident = match &item {
        SynItem::Struct(s) => s.ident.clone(),
        SynItem::Enum(e) => e.ident.clone(),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "`#[rnet::export(input/output)]` goes on a struct or an enum",
            ))
        }
    };
    Ok(Some(Value {
        item,
        ident,
        input,
        output,
    }))
}

fn parse_item(mode: Mode, item: TokenStream) -> syn::Result<Item> {
    let item: SynItem = syn::parse2(item)?;
    match (mode, item) {
        (Mode::Class, SynItem::Struct(mut s)) => {
            let consts = class_consts(&mut s.attrs)?;
            Ok(Item::Class(s, consts))
        }
        (Mode::Class, SynItem::Enum(e)) => Ok(Item::Enum(e)),
        (Mode::Class, SynItem::Impl(i)) => parse_impl(i).map(Item::Impl),
        (Mode::Class, SynItem::Fn(mut f)) => {
            let spec = parse_fn(&mut f.attrs, &mut f.sig, FnKind::Free)?;
            Ok(Item::Fn(f, spec))
        }
        (Mode::Record, SynItem::Struct(s)) => parse_record(s).map(Item::Record),
        (Mode::Error, SynItem::Enum(e)) => parse_error(e).map(Item::Error),
        (Mode::Union, SynItem::Enum(e)) => parse_union(e).map(Item::Union),
        (Mode::Union, other) => Err(syn::Error::new(
            other.span(),
            "`#[rnet::export(union)]` goes on an enum whose variants each hold one value: `A(TypeA), B(TypeB)`",
        )),
        (Mode::Record, other) => Err(syn::Error::new(
            other.span(),
            "`#[rnet::export(record)]` goes on a struct with named fields",
        )),
        (Mode::Error, other) => Err(syn::Error::new(
            other.span(),
            "`#[rnet::export(error)]` goes on an enum",
        )),
        (Mode::Class, other) => Err(syn::Error::new(
            other.span(),
            "`#[rnet::export]` goes on a struct, an enum, an impl block or a function",
        )),
    }
}

fn parse_impl(mut item: ItemImpl) -> syn::Result<Impl> {
    let self_ty = (*item.self_ty).clone();
    let mut methods = Vec::new();
    for it in &mut item.items {
        if let ImplItem::Fn(f) = it {
            // Only `pub` methods cross into the hosts; private ones are helpers.
            if matches!(f.vis, syn::Visibility::Public(_)) {
                methods.push(parse_fn(&mut f.attrs, &mut f.sig, FnKind::Method)?);
            } else {
                strip_rnet_attrs(&mut f.attrs);
            }
        }
    }
    Ok(Impl {
        item,
        self_ty,
        methods,
    })
}

fn strip_rnet_attrs(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !a.path().is_ident("rnet"));
}

/// Reads and removes `#[rnet(varargs)]` from parameters: the names of the marked ones.
fn take_param_attrs(sig: &mut Signature) -> syn::Result<Vec<Ident>> {
    let mut varargs = Vec::new();
    for input in sig.inputs.iter_mut() {
        if let FnArg::Typed(t) = input {
            for a in t.attrs.iter().filter(|a| a.path().is_ident("rnet")) {
                a.parse_nested_meta(|m| {
                    if m.path.is_ident("varargs") {
                        if let Pat::Ident(p) = &*t.pat {
                            varargs.push(p.ident.clone());
                        }
                        Ok(())
                    } else {
                        Err(m.error("expected `#[rnet(varargs)]` on a parameter"))
                    }
                })?;
            }
            strip_rnet_attrs(&mut t.attrs);
        }
    }
    Ok(varargs)
}

fn parse_fn(attrs: &mut Vec<Attribute>, sig: &mut Signature, kind: FnKind) -> syn::Result<FnSpec> {
    let varargs = take_param_attrs(sig)?;
    let sig: &Signature = sig;
    let name = sig.ident.to_string();
    let mut spec = FnSpec {
        ident: sig.ident.clone(),
        sig: sig.clone(),
        kind,
        receiver: Receiver::None,
        args: Vec::new(),
        opts: None,
        output: match &sig.output {
            ReturnType::Default => Output::Unit,
            ReturnType::Type(_, ty) => match result_ok_type(ty) {
                Some(ok) => Output::Fallible(ok),
                None => Output::Plain((**ty).clone()),
            },
        },
        passthrough: attrs
            .iter()
            .filter(|a| a.path().is_ident("doc") || a.path().is_ident("cfg"))
            .cloned()
            .collect(),
        js_name: to_camel(&name),
        py_name: name,
        skip_python: false,
        skip_node: false,
        spawn: false,
        iter: None,
        close: false,
    };
    for a in attrs.iter().filter(|a| a.path().is_ident("rnet")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("python") {
                m.parse_nested_meta(|p| {
                    if p.path.is_ident("name") {
                        spec.py_name = p.value()?.parse::<LitStr>()?.value();
                        Ok(())
                    } else {
                        Err(p.error("expected `python(name = \"..\")`"))
                    }
                })
            } else if m.path.is_ident("node") {
                m.parse_nested_meta(|p| {
                    if p.path.is_ident("js_name") {
                        spec.js_name = p.value()?.parse::<LitStr>()?.value();
                        Ok(())
                    } else {
                        Err(p.error("expected `node(js_name = \"..\")`"))
                    }
                })
            } else if m.path.is_ident("skip") {
                m.parse_nested_meta(|p| {
                    if p.path.is_ident("python") {
                        spec.skip_python = true;
                    } else if p.path.is_ident("node") {
                        spec.skip_node = true;
                    } else {
                        return Err(p.error("expected `skip(python)` or `skip(node)`"));
                    }
                    Ok(())
                })
            } else if m.path.is_ident("iter") && kind == FnKind::Method {
                spec.iter = Some(false);
                if m.input.peek(syn::token::Paren) {
                    m.parse_nested_meta(|p| {
                        if p.path.is_ident("then_close") {
                            spec.iter = Some(true);
                            Ok(())
                        } else {
                            Err(p.error("expected `iter(then_close)`"))
                        }
                    })?;
                }
                Ok(())
            } else if m.path.is_ident("close") && kind == FnKind::Method {
                spec.close = true;
                Ok(())
            } else if m.path.is_ident("spawn") && sig.asyncness.is_some() {
                spec.spawn = true;
                Ok(())
            } else if m.path.is_ident("constructor") && kind == FnKind::Method {
                spec.kind = FnKind::Constructor;
                Ok(())
            } else if m.path.is_ident("staticmethod") && kind == FnKind::Method {
                spec.kind = FnKind::Static;
                Ok(())
            } else if m.path.is_ident("getter") && kind == FnKind::Method {
                spec.kind = FnKind::Getter;
                Ok(())
            } else {
                Err(m.error(
                    "unknown rnet attribute: expected constructor, staticmethod, getter, iter, close, spawn (async only), python(name = ..), node(js_name = ..) or skip(..)",
                ))
            }
        })?;
    }
    strip_rnet_attrs(attrs);

    let mut inputs: Vec<Arg> = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                spec.receiver = match (&r.reference, &r.mutability) {
                    (Some(_), Some(_)) => Receiver::RefMut,
                    (Some(_), None) => Receiver::Ref,
                    (None, _) => Receiver::Value,
                };
            }
            FnArg::Typed(t) => {
                let ident = match &*t.pat {
                    Pat::Ident(p) => p.ident.clone(),
                    other => {
                        return Err(syn::Error::new(
                            other.span(),
                            "exported functions take plain `name: Type` arguments",
                        ))
                    }
                };
                inputs.push(Arg {
                    varargs: varargs.contains(&ident),
                    ident,
                    ty: (*t.ty).clone(),
                });
            }
        }
    }
    if inputs.last().is_some_and(|a| a.ident == "opts") {
        spec.opts = inputs.pop();
    }
    if let Some(pos) = inputs.iter().position(|a| a.varargs) {
        if pos + 1 != inputs.len() {
            return Err(syn::Error::new(
                inputs[pos].ident.span(),
                "`#[rnet(varargs)]` goes on the last parameter (before `opts`)",
            ));
        }
    }
    spec.args = inputs;
    Ok(spec)
}

/// `Result<T>` / `Result<T, E>` / `foo::Result<T>` → `T`. Syntactic, like PyO3's and napi's own
/// detection: the shims need to know whether to map an error.
fn result_ok_type(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

fn parse_record(mut item: ItemStruct) -> syn::Result<Record> {
    let mut fields = Vec::new();
    let syn::Fields::Named(named) = &mut item.fields else {
        return Err(syn::Error::new(
            item.span(),
            "a record needs named fields: it is a keyword-argument bag in Python and an object in JS",
        ));
    };
    for f in named.named.iter_mut() {
        let ident = f.ident.clone().expect("named field");
        let mut ts_type = None;
        let mut skip_python = false;
        let mut flatten = false;
        let mut js_name = None;
        for a in f.attrs.iter().filter(|a| a.path().is_ident("rnet")) {
            a.parse_nested_meta(|m| {
                if m.path.is_ident("flatten") {
                    flatten = true;
                    Ok(())
                } else if m.path.is_ident("js_name") {
                    js_name = Some(m.value()?.parse::<LitStr>()?.value());
                    Ok(())
                } else if m.path.is_ident("ts_type") {
                    ts_type = Some(m.value()?.parse::<LitStr>()?);
                    Ok(())
                } else if m.path.is_ident("skip") {
                    m.parse_nested_meta(|p| {
                        if p.path.is_ident("python") {
                            skip_python = true;
                            Ok(())
                        } else {
                            Err(p.error("a record field can only be `skip(python)`"))
                        }
                    })
                } else {
                    Err(m.error(
                        "expected `flatten`, `js_name = \"..\"`, `ts_type = \"..\"` or `skip(python)`",
                    ))
                }
            })?;
        }
        if flatten && (ts_type.is_some() || skip_python) {
            return Err(syn::Error::new(
                ident.span(),
                "a flattened field takes its keys and types from its own record: no `ts_type` or `skip`",
            ));
        }
        strip_rnet_attrs(&mut f.attrs);
        fields.push(Field {
            renamed: js_name.is_some(),
            js_name: js_name.unwrap_or_else(|| to_camel(&ident.to_string())),
            ident,
            ty: f.ty.clone(),
            ts_type,
            skip_python,
            flatten,
        });
    }
    Ok(Record { item, fields })
}

fn parse_union(item: ItemEnum) -> syn::Result<Union> {
    let mut variants = Vec::new();
    for v in &item.variants {
        match &v.fields {
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                variants.push((v.ident.clone(), f.unnamed[0].ty.clone()))
            }
            _ => {
                return Err(syn::Error::new(
                    v.span(),
                    "a union variant holds exactly one value: `Name(Type)`",
                ))
            }
        }
    }
    if variants.len() < 2 {
        return Err(syn::Error::new(
            item.ident.span(),
            "a union needs at least two variants; use the type itself otherwise",
        ));
    }
    let doc = doc_string(&item.attrs);
    Ok(Union {
        item,
        variants,
        doc,
    })
}

fn parse_error(mut item: ItemEnum) -> syn::Result<ErrorEnum> {
    let mut variants = Vec::new();
    let mut errors: Option<syn::Error> = None;
    for v in item.variants.iter_mut() {
        let mut python = None;
        let mut python_base = None;
        let mut code = None;
        for a in v.attrs.iter().filter(|a| a.path().is_ident("rnet")) {
            let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(match &a.meta {
                Meta::List(l) => l.tokens.clone(),
                _ => TokenStream::new(),
            })?;
            for m in metas {
                let Meta::NameValue(nv) = &m else {
                    return Err(syn::Error::new(m.span(), "expected `key = \"value\"`"));
                };
                let value = match &nv.value {
                    Expr::Lit(l) => match &l.lit {
                        Lit::Str(s) => s.value(),
                        _ => return Err(syn::Error::new(nv.value.span(), "expected a string")),
                    },
                    _ => return Err(syn::Error::new(nv.value.span(), "expected a string")),
                };
                let key = nv
                    .path
                    .get_ident()
                    .map(|i| i.to_string())
                    .unwrap_or_default();
                match key.as_str() {
                    "python" => python = Some(value),
                    "python_base" => python_base = Some(value),
                    "code" => code = Some(value),
                    _ => {
                        return Err(syn::Error::new(
                            nv.path.span(),
                            "expected `python`, `python_base` or `code`",
                        ))
                    }
                }
            }
        }
        let doc = doc_string(&v.attrs);
        strip_rnet_attrs(&mut v.attrs);
        match (python, code) {
            (Some(python), Some(code)) => variants.push(ErrorVariant {
                ident: v.ident.clone(),
                python,
                python_base,
                code,
                doc,
            }),
            _ => {
                let e = syn::Error::new(
                    v.ident.span(),
                    "each error variant needs `#[rnet(python = \"SomeError\", code = \"ERR_RNET_SOME\")]`",
                );
                match &mut errors {
                    Some(all) => all.combine(e),
                    None => errors = Some(e),
                }
            }
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(ErrorEnum { item, variants }),
    }
}

pub fn doc_string(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                Expr::Lit(l) => match &l.lit {
                    Lit::Str(s) => Some(s.value().trim().to_string()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn to_camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for (i, c) in snake.trim_start_matches('_').chars().enumerate() {
        if c == '_' && i > 0 {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub fn shim_ident(prefix: &str, ident: &Ident) -> Ident {
    Ident::new(&format!("__rnet_{prefix}_{ident}"), Span::call_site())
}

/// Takes `#[rnet(consts(Enum))]` off a class: the enum whose members the class mirrors.
fn class_consts(attrs: &mut Vec<Attribute>) -> syn::Result<Option<Ident>> {
    let mut consts = None;
    let mut error = None;
    attrs.retain(|a| {
        if !a.path().is_ident("rnet") {
            return true;
        }
        let parsed = a.parse_nested_meta(|m| {
            if m.path.is_ident("consts") {
                let content;
                syn::parenthesized!(content in m.input);
                consts = Some(content.parse::<Ident>()?);
                Ok(())
            } else {
                Err(m.error("unknown rnet attribute on a class: expected `consts(Enum)`"))
            }
        });
        if let Err(e) = parsed {
            error = Some(e);
        }
        false
    });
    error.map_or(Ok(consts), Err)
}
