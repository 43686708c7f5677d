//! One file per action and function: its parameters type and its descriptor.
//!
//! An operation with parameters is a struct declared for `rt::object!`, as a type is (its
//! fields the parameters, each with its JSON name): an action's body, read and written
//! losslessly. One without parameters is a unit struct. Either implements
//! `rt::operations::Operation` with constants and associated types only (and, for a function
//! with parameters, one line per parameter that writes it as a URL literal): the code that
//! builds requests and reads responses is the runtime's, once.
//!
//! The operations of a namespace live in its `operations` module (re-exported at the crate
//! root for `microsoft.graph`), named by [`operation_name`](super::names::operation_name); each
//! compiles under the features of every type it names ([`Plan::operation_cfg`]).

use super::examples;
use super::items::{FieldDeclaration, Items, ObjectDeclaration, TypeItems, doc_lines, inner_doc_lines};
use super::names::ident;
use super::plan::{OperationPlan, Plan, value_property};
use crate::ir::{OperationKind, Primitive, TypeKind, TypeRef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;

/// One operation's items: its type (a declaration for `rt::object!`, or a unit struct) and
/// its descriptor, which follows it in the file.
pub struct OperationItems<'p> {
    pub items: TypeItems<'p>,
    pub descriptor: TokenStream,
}

/// The type and descriptor of one operation.
pub fn operation_items<'p>(plan: &'p Plan, operation: &'p OperationPlan) -> OperationItems<'p> {
    let op = operation.operation;
    let type_ident = ident(&operation.rust_name);
    let items = if op.parameters.is_empty() {
        let doc = doc_lines(&operation_doc(plan, operation));
        TypeItems {
            macro_path: None,
            tokens: Items::Tokens(quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
                pub struct #type_ident;
            }),
        }
    } else {
        let fields = operation.parameters.iter().zip(&operation.field_names).zip(&op.parameters).map(|((parameter, field), declared)| {
            FieldDeclaration::new(parameter_doc(declared), &parameter.json_name, field, plan.field_type(&op.name, parameter))
        });
        let declaration =
            ObjectDeclaration::new(operation_doc(plan, operation), op.name.to_string(), &operation.rust_name, fields.collect());
        TypeItems { macro_path: Some("rt::object"), tokens: Items::Object(declaration) }
    };

    let name = op.name.to_string();
    let binding = match &op.binding {
        Some(binding) => {
            let text = binding.ty.to_string();
            quote!(::std::option::Option::Some(#text))
        }
        None => quote!(::std::option::Option::None),
    };
    let method = match op.kind {
        OperationKind::Action => quote!(rt::operations::Method::Post),
        OperationKind::Function => quote!(rt::operations::Method::Get),
    };
    let paths = &operation.paths;
    let body = if op.kind == OperationKind::Action && !op.parameters.is_empty() { quote!(Self) } else { quote!(rt::operations::NoBody) };
    let response = response_type(plan, operation);
    let url_parameters = (op.kind == OperationKind::Function && !op.parameters.is_empty()).then(|| {
        let writes = operation.parameters.iter().zip(&operation.field_names).map(|(parameter, field)| {
            let field = ident(field);
            let json_name = &parameter.json_name;
            match url_parameter_kind(plan, &parameter.ty) {
                UrlParameterKind::Literal => quote!(parameters.literal(#json_name, &self.#field);),
                UrlParameterKind::Structured => quote!(parameters.structured(#json_name, &self.#field);),
                UrlParameterKind::Enumeration(type_name) => quote!(parameters.enumeration(#json_name, #type_name, &self.#field);),
                UrlParameterKind::Flags(type_name) => quote!(parameters.flags(#json_name, #type_name, &self.#field);),
            }
        });
        quote! {
            fn write_url_parameters(&self, parameters: &mut rt::operations::UrlParameters<'_>) {
                #(#writes)*
            }
        }
    });
    let descriptor = quote! {
        impl rt::operations::Operation for #type_ident {
            const NAME: &'static str = #name;
            const BINDING: ::std::option::Option<&'static str> = #binding;
            const METHOD: rt::operations::Method = #method;
            const PATHS: &'static [&'static str] = &[#(#paths),*];
            type Body = #body;
            type Response = #response;
            #url_parameters
        }
    };
    OperationItems { items, descriptor }
}

/// How a function's parameter is written in its URL.
enum UrlParameterKind {
    /// A primitive or a collection: through its `UrlLiteral`.
    Literal,
    /// An object or a polymorphic value: as JSON.
    Structured,
    /// An enumeration or flags value, with its qualified name.
    Enumeration(String),
    Flags(String),
}

fn url_parameter_kind(plan: &Plan, ty: &TypeRef) -> UrlParameterKind {
    if ty.collection {
        return UrlParameterKind::Literal;
    }
    match &ty.target {
        TypeTarget::Named(target) => match &plan.def(target).kind {
            TypeKind::Enum(enumeration) if enumeration.is_flags => UrlParameterKind::Flags(target.to_string()),
            TypeKind::Enum(_) => UrlParameterKind::Enumeration(target.to_string()),
            TypeKind::Definition(_) => UrlParameterKind::Literal,
            TypeKind::Entity(_) | TypeKind::Complex(_) => UrlParameterKind::Structured,
        },
        TypeTarget::Union(_) => UrlParameterKind::Structured,
        TypeTarget::Primitive(_) | TypeTarget::Untyped => UrlParameterKind::Literal,
    }
}

/// What a success reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// Nothing (`NoContent`).
    Nothing,
    /// An `Edm.Stream`: the body as sent (`RawBody`).
    Stream,
    /// `{"value": [...]}` (`CollectionResponse`).
    Collection,
    /// A single primitive or enumeration in `{"value": ...}` (`ValueResponse`).
    Value,
    /// The object itself (a base type's `Any…` enum when it has derived types).
    Object,
}

impl ResponseKind {
    pub fn of(plan: &Plan, operation: &crate::ir::Operation) -> ResponseKind {
        let Some(ty) = &operation.return_type else { return ResponseKind::Nothing };
        if ty.collection {
            return ResponseKind::Collection;
        }
        match &ty.target {
            TypeTarget::Primitive(Primitive::Stream) => ResponseKind::Stream,
            TypeTarget::Named(target) if matches!(plan.def(target).kind, TypeKind::Entity(_) | TypeKind::Complex(_)) => {
                ResponseKind::Object
            }
            TypeTarget::Union(_) => ResponseKind::Object,
            TypeTarget::Named(_) | TypeTarget::Primitive(_) | TypeTarget::Untyped => ResponseKind::Value,
        }
    }

    /// The smallest body a success of this kind may have, for examples.
    pub fn minimal_body(self) -> &'static str {
        match self {
            ResponseKind::Nothing | ResponseKind::Stream => "",
            ResponseKind::Collection => r#"{"value": []}"#,
            ResponseKind::Value => r#"{"value": null}"#,
            ResponseKind::Object => "{}",
        }
    }
}

/// The Rust type of what a success reads as ([`ResponseKind`]).
fn response_type(plan: &Plan, operation: &OperationPlan) -> TokenStream {
    let op = operation.operation;
    let kind = ResponseKind::of(plan, op);
    let Some(ty) = op.return_type.as_ref().filter(|_| !matches!(kind, ResponseKind::Nothing | ResponseKind::Stream)) else {
        return if kind == ResponseKind::Stream { quote!(rt::operations::RawBody) } else { quote!(rt::operations::NoContent) };
    };
    let single = TypeRef { target: ty.target.clone(), collection: false };
    let value = plan.value_type(&op.name, &value_property("value", &single, None, &op.span));
    match kind {
        ResponseKind::Collection => quote!(rt::CollectionResponse<#value>),
        ResponseKind::Value => quote!(rt::operations::ValueResponse<#value>),
        _ => value,
    }
}

/// `` `name`: `Edm.String`, not nullable. ``
fn parameter_doc(parameter: &crate::ir::Parameter) -> String {
    let mut doc = format!("`{}`: `{}`", parameter.name, parameter.ty);
    if parameter.nullable == Some(false) {
        doc.push_str(", not nullable");
    }
    if parameter.optional {
        doc.push_str(", optional: leave it absent to omit it");
    }
    doc.push('.');
    doc
}

/// An operation's docs: what it is and how it is sent, its paths, and its request examples
/// as doctests.
fn operation_doc(plan: &Plan, operation: &OperationPlan) -> String {
    let op = operation.operation;
    let (what, method) = match op.kind {
        OperationKind::Action => ("action", "POST"),
        OperationKind::Function => ("function", "GET"),
    };
    let bound = match &op.binding {
        Some(binding) if binding.ty.collection => format!(" bound to a collection of `{}`", binding_target(&binding.ty)),
        Some(binding) => format!(" bound to `{}`", binding_target(&binding.ty)),
        None => String::new(),
    };
    let mut doc = format!("The {what} `{}`{bound}, sent with `{method}`.", op.name);
    doc.push_str(match (op.kind, op.parameters.is_empty()) {
        (_, true) => " It takes no parameters.",
        (OperationKind::Action, false) => " Its fields are the parameters, written as the request body.",
        (OperationKind::Function, false) => " Its fields are the parameters, written in the URL as OData literals.",
    });
    doc.push_str(&match &op.return_type {
        Some(ty) => format!(" It returns `{ty}`."),
        None => " It returns nothing.".to_string(),
    });
    if op.is_composable {
        doc.push_str(" Composable: its result may be addressed further.");
    }
    if !operation.paths.is_empty() {
        doc.push_str("\n\nPaths:\n");
        for path in &operation.paths {
            doc.push_str(&format!("\n- `{method} {path}`"));
        }
    }
    // Request examples when there is a body to read them into; response examples when the
    // response is JSON.
    let type_path = plan.operation_external_path(operation);
    fn conforming(examples: &[crate::ir::Example]) -> impl Iterator<Item = &crate::ir::Example> {
        examples.iter().filter(|example| example.findings.is_empty() && example.value.is_object())
    }
    let mut section = String::new();
    if !op.parameters.is_empty() {
        for example in conforming(&operation.request_examples) {
            section.push_str(&examples::parameters_doctest(plan, operation, &type_path, example));
        }
    }
    if let Some(return_type) = op.return_type.as_ref().filter(|_| ResponseKind::of(plan, op) != ResponseKind::Stream) {
        for example in conforming(&operation.response_examples) {
            section.push_str(&examples::response_doctest(plan, &type_path, return_type, example));
        }
    }
    if !section.is_empty() {
        doc.push_str("\n\n# Examples\n");
        doc.push_str(&section);
    }
    doc.truncate(doc.trim_end().len());
    // The file without the line, as a type's docs say it: a line number would change every
    // operation's file (and rebuild it) whenever anything above it in the metadata changes.
    doc.push_str(&format!("\n\n# Source\n\nDeclared in `{}`.", op.span.file));
    doc
}

fn binding_target(ty: &TypeRef) -> String {
    TypeRef { target: ty.target.clone(), collection: false }.to_string()
}

/// The `mod.rs` of a namespace's operations: one module per operation, gated by its features.
pub fn module_file_tokens(plan: &Plan, namespace: &str) -> TokenStream {
    let declarations = plan.operations.iter().filter(|o| o.operation.name.namespace == namespace).map(|operation| {
        let module = ident(&operation.file_name);
        let exported = ident(&operation.rust_name);
        let cfg = plan.operation_cfg(operation.operation);
        quote! {
            #cfg mod #module;
            #cfg pub use self::#module::#exported;
        }
    });
    let doc = inner_doc_lines(&format!(
        "Actions and functions of the namespace `{namespace}`: each a type implementing \
         [`Operation`](crate::runtime::operations::Operation)."
    ));
    quote! { #doc #(#declarations)* }
}
