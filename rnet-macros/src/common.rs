//! Host-neutral code: what both hosts read from an error enum.

use crate::ir::{ErrorEnum, Item};
use proc_macro2::TokenStream;
use quote::quote;

pub fn generate(item: &Item) -> TokenStream {
    match item {
        Item::Error(e) => error(e),
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
