//! Host-neutral code: what both hosts read from an error enum.

use crate::ir::{doc_string, ErrorEnum, Item, Record};
use proc_macro2::TokenStream;
use quote::quote;

pub fn generate(item: &Item) -> TokenStream {
    match item {
        Item::Error(e) => error(e),
        Item::Record(r) => record_fields(r),
        _ => TokenStream::new(),
    }
}

/// The class table and the per-variant name and code, as one `ExportedError` impl.
fn error(e: &ErrorEnum) -> TokenStream {
    let ty = &e.item.ident;
    let mut classes = Vec::new();
    let mut names = Vec::new();
    let mut codes = Vec::new();
    for v in &e.variants {
        let (id, py, code, doc) = (&v.ident, &v.python, &v.code, &v.doc);
        let base = match &v.python_base {
            Some(b) => quote!(::core::option::Option::Some(#b)),
            None => quote!(::core::option::Option::None),
        };
        classes.push(quote! {
            ::rnet::__private::ErrorClass { name: #py, builtin_base: #base, code: #code, doc: #doc }
        });
        names.push(quote!(Self::#id { .. } => #py));
        codes.push(quote!(Self::#id { .. } => #code));
    }
    quote! {
        impl ::rnet::__private::ExportedError for #ty {
            const CLASSES: &'static [::rnet::__private::ErrorClass] = &[#(#classes),*];
            fn class_name(&self) -> &'static str {
                match self { #(#names,)* }
            }
            fn code(&self) -> &'static str {
                match self { #(#codes,)* }
            }
        }
    }
}

/// Every field's names in both hosts, Rust type and doc: what the options reference is
/// generated from (`docs/options.md`).
fn record_fields(r: &Record) -> TokenStream {
    let ty = &r.item.ident;
    let syn::Fields::Named(named) = &r.item.fields else {
        return TokenStream::new();
    };
    let fields = r.fields.iter().zip(&named.named).map(|(f, field)| {
        // Empty: not a Python option.
        let python = if f.skip_python { String::new() } else { f.ident.to_string() };
        let js = &f.js_name;
        let field_ty = &f.ty;
        let rust_type = quote!(#field_ty).to_string().replace(' ', "");
        let doc = doc_string(&field.attrs);
        quote! {
            ::rnet::__private::FieldDoc { python: #python, js: #js, rust_type: #rust_type, doc: #doc }
        }
    });
    quote! {
        impl #ty {
            /// The options this record accepts, for generated documentation.
            #[doc(hidden)]
            pub const FIELDS: &'static [::rnet::__private::FieldDoc] = &[#(#fields),*];
        }
    }
}
