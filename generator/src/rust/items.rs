//! One Rust item per IR type: a struct for entity and complex types (plus a polymorphic enum
//! for base types), an enum for enumerations.

use super::examples;
use super::format::Parts;
use super::names::ident;
use super::plan::{EnumVariants, Plan};
use crate::ir::{EnumType, QualifiedName, StructType, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The lines of a doc text; a lone `\r` breaks a line too (rustc refuses one in a doc comment).
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().flat_map(|line| line.split('\r'))
}

/// A description from the sources, as rustdoc Markdown that means what it says: a bare URL
/// becomes a link (`<https://…>`, its trailing punctuation left outside), and brackets and
/// `<` are escaped, so that `[SMTP:bob]` is not read as an intra-doc link nor
/// `<languagecode2>` as an HTML tag. The generated crate documents with `-D warnings`.
pub fn source_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let is_url = |text: &str| text.starts_with("https://") || text.starts_with("http://");
    loop {
        // Plain text up to the next byte that may need rewriting (a bracket, `<`, or the `h`
        // a URL starts with) is copied as it is: these bytes are ASCII, so never inside a
        // character.
        let plain = rest.bytes().position(|b| matches!(b, b'[' | b']' | b'<' | b'h')).unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        // An autolink the source already wrote, `<https://…>`, stays one. It holds no `<`: the
        // look ahead stops at the next one, so that a run of `<https://` costs linear time.
        if c == '<'
            && is_url(&rest[1..])
            && let Some(end) = rest[1..]
                .find(|c: char| matches!(c, '>' | '<') || c.is_whitespace())
                .map(|end| end + 1)
                .filter(|&end| rest[end..].starts_with('>'))
        {
            out.push_str(&rest[..=end]);
            rest = &rest[end + 1..];
            continue;
        }
        if is_url(rest) && !out.ends_with(|p: char| p.is_alphanumeric()) {
            let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if matches!(c, '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `#[doc = "..."]` attributes, one per line, so that the formatter writes `///` lines.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text_lines(text).map(doc_literal);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` attributes, one per line: a module's or crate's own docs.
pub fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text_lines(text).map(doc_literal);
    quote!(#(#![doc = #lines])*)
}

/// One line of a doc comment as a string literal, with the space that follows `///`.
///
/// Docs are most of a model's text, and `Literal::string` escapes every character it is given
/// (`char::escape_debug`); here only what a string literal cannot hold as it is gets escaped
/// (quotes, backslashes and control characters), which is several times cheaper. The value,
/// and so the `///` line the formatter writes, is the same.
fn doc_literal(line: &str) -> Literal {
    let mut literal = String::with_capacity(line.len() + 3);
    literal.push('"');
    if !line.is_empty() {
        literal.push(' ');
    }
    for c in line.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            c if c.is_control() => literal.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => literal.push(c),
        }
    }
    literal.push('"');
    // Cannot fail: the text is a well-formed string literal.
    literal.parse().unwrap_or_else(|_| Literal::string(&if line.is_empty() { String::new() } else { format!(" {line}") }))
}

/// A type's items, and whether they are a declaration that a runtime macro expands
/// (`rt::object! { ... }`): such a declaration is formatted as the Rust item it reads as, then
/// wrapped, so that it stays readable (prettyplease leaves a macro's body on long lines).
pub struct TypeItems<'p> {
    pub macro_path: Option<&'static str>,
    pub tokens: Items<'p>,
}

/// The items of a file: tokens, or an object's declaration, whose tokens are built only when
/// the file is formatted (a regeneration that finds the file formatted before needs only the
/// declaration's fingerprint, and an object's tokens are most of what emitting builds).
pub enum Items<'p> {
    Tokens(TokenStream),
    Object(ObjectDeclaration<'p>),
    Enum(EnumDeclaration<'p>),
}

impl Items<'_> {
    pub fn into_tokens(self) -> TokenStream {
        match self {
            Items::Tokens(tokens) => tokens,
            Items::Object(declaration) => declaration.tokens(),
            Items::Enum(declaration) => declaration.tokens(),
        }
    }
}

/// What the items are made of, each kind tagged: a declaration stands for the tokens it makes.
impl std::fmt::Display for Items<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Items::Tokens(tokens) => write!(f, "tokens {tokens}"),
            Items::Object(declaration) => write!(f, "object {declaration}"),
            Items::Enum(declaration) => write!(f, "enum {declaration}"),
        }
    }
}

/// An entity or complex type as `rt::object!` declares it: everything its tokens are made of.
pub struct ObjectDeclaration<'p> {
    doc: String,
    type_name: String,
    ident: &'p str,
    fields: Vec<FieldDeclaration<'p>>,
}

pub struct FieldDeclaration<'p> {
    doc: String,
    json_name: &'p str,
    ident: &'p str,
    ty: TokenStream,
}

impl<'p> FieldDeclaration<'p> {
    pub fn new(doc: String, json_name: &'p str, ident: &'p str, ty: TokenStream) -> Self {
        FieldDeclaration { doc, json_name, ident, ty }
    }
}

impl<'p> ObjectDeclaration<'p> {
    /// `doc`, then `#[odata(type_name)] pub struct ident { fields }`.
    pub fn new(doc: String, type_name: String, ident: &'p str, fields: Vec<FieldDeclaration<'p>>) -> Self {
        ObjectDeclaration { doc, type_name, ident, fields }
    }

    /// `#[odata("...")] pub struct X { #[json("wireName")] pub f: T, ... }`, with its docs.
    pub fn tokens(&self) -> TokenStream {
        let doc = doc_lines(&self.doc);
        let type_ident = ident(self.ident);
        let type_name = &self.type_name;
        let fields = self.fields.iter().map(|field| {
            let doc = doc_lines(&field.doc);
            let (json_name, ident, ty) = (field.json_name, ident(field.ident), &field.ty);
            quote! { #doc #[json(#json_name)] pub #ident: #ty, }
        });
        quote! {
            #doc
            #[odata(#type_name)]
            pub struct #type_ident {
                #(#fields)*
            }
        }
    }
}

/// The declaration's parts ([`Parts`]): what its fingerprint is taken of.
impl std::fmt::Display for ObjectDeclaration<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Parts(f);
        parts.part(&self.doc)?;
        parts.part(&self.type_name)?;
        parts.part(self.ident)?;
        for field in &self.fields {
            parts.part(&field.doc)?;
            parts.part(field.json_name)?;
            parts.part(field.ident)?;
            parts.part(&field.ty.to_string())?;
        }
        Ok(())
    }
}

/// An enumeration as its file declares it: the enum, its `StringEnum` impl and the serde
/// impls `rt::impl_string_enum!` adds; everything its tokens are made of.
pub struct EnumDeclaration<'p> {
    doc: String,
    ident: &'p str,
    unrecognized: &'p str,
    members: Vec<MemberDeclaration<'p>>,
}

struct MemberDeclaration<'p> {
    doc: String,
    variant: &'p str,
    wire: &'p str,
    aliases: &'p [String],
}

impl EnumDeclaration<'_> {
    pub fn tokens(&self) -> TokenStream {
        let doc = doc_lines(&self.doc);
        let enum_ident = ident(self.ident);
        let mut variants = Vec::new();
        let mut to_wire = Vec::new();
        let mut from_wire = Vec::new();
        for member in &self.members {
            let variant = ident(member.variant);
            let wire = Literal::string(member.wire);
            let aliases = member.aliases.iter().map(|a| Literal::string(a));
            let member_doc = doc_lines(&member.doc);
            variants.push(quote! { #member_doc #variant, });
            to_wire.push(quote! { Self::#variant => #wire, });
            from_wire.push(quote! { #wire #(| #aliases)* => Self::#variant, });
        }
        let unrecognized = ident(self.unrecognized);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #enum_ident {
                #(#variants)*
                /// A member this schema does not list, kept as sent.
                #unrecognized(::std::string::String),
            }

            impl rt::StringEnum for #enum_ident {
                #[inline]
                fn as_str(&self) -> &str {
                    match self {
                        #(#to_wire)*
                        Self::#unrecognized(text) => text,
                    }
                }

                #[inline]
                fn from_wire(text: &str) -> Self {
                    match text {
                        #(#from_wire)*
                        other => Self::#unrecognized(other.to_owned()),
                    }
                }
            }

            rt::impl_string_enum!(#enum_ident);
        }
    }
}

/// The declaration's parts ([`Parts`]): what its fingerprint is taken of.
impl std::fmt::Display for EnumDeclaration<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Parts(f);
        parts.part(&self.doc)?;
        parts.part(self.ident)?;
        parts.part(self.unrecognized)?;
        for member in &self.members {
            parts.part(&member.doc)?;
            parts.part(member.variant)?;
            parts.part(member.wire)?;
            parts.part(&member.aliases.len().to_string())?;
            for alias in member.aliases {
                parts.part(alias)?;
            }
        }
        Ok(())
    }
}

/// The items for one type.
pub fn type_items<'p>(plan: &'p Plan, def: &'p TypeDef) -> TypeItems<'p> {
    match &def.kind {
        crate::ir::TypeKind::Entity(s) | crate::ir::TypeKind::Complex(s) => {
            TypeItems { macro_path: Some("rt::object"), tokens: Items::Object(object_declaration(plan, def, s)) }
        }
        crate::ir::TypeKind::Enum(e) => TypeItems { macro_path: None, tokens: Items::Enum(enum_declaration(plan, def, e)) },
        crate::ir::TypeKind::Definition(primitive) => {
            let doc = doc_lines(&type_doc(plan, def, "type definition", &[]));
            let alias = ident(&plan.type_names[&def.name]);
            let underlying = super::plan::primitive_type(*primitive);
            TypeItems { macro_path: None, tokens: Items::Tokens(quote! { #doc pub type #alias = #underlying; }) }
        }
    }
}

/// A type's docs: what it is (the source's description, or a sentence that says what kind
/// of type it is when the sources say nothing more than its name), then the facts of its
/// hierarchy with `notes` (base and derived types as links), then `# Source`: its qualified
/// name and the files that declare and document it. A struct's `# Examples` follow.
fn type_doc(plan: &Plan, def: &TypeDef, what: &str, notes: &[String]) -> String {
    let mut doc = match def.description.as_deref().filter(|d| !names_only(d, &def.name.name)) {
        Some(description) => source_text(description),
        None => {
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "An" } else { "A" };
            format!("{article} {what} of Microsoft Graph: `{}`.", def.name)
        }
    };
    let mut facts: Vec<String> = Vec::new();
    if let Some(structure) = def.kind.as_struct() {
        if let Some(base) = structure.base.as_ref().filter(|b| plan.emitted.contains(b)) {
            facts.push(format!("Derived from {}, whose properties it carries.", type_link(plan, &def.name, base)));
        }
        if structure.is_abstract {
            facts.push("Abstract: the service sends one of its derived types.".to_string());
        }
        if structure.is_open {
            facts.push("Open: it may carry properties the schema does not declare.".to_string());
        }
        let derived: Vec<&QualifiedName> = plan.derived.children(&def.name).iter().copied().filter(|d| plan.emitted.contains(d)).collect();
        if !derived.is_empty() {
            let listed: Vec<String> = derived.iter().take(MAX_DERIVED_LISTED).map(|d| type_link(plan, &def.name, d)).collect();
            let more = match derived.len() - listed.len() {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            facts.push(format!("Derived types: {}{more}.", listed.join(", ")));
        }
        if let Some(polymorphic) = plan.polymorphic.get(&def.name) {
            let features = plan.features.of_type.get(&def.name);
            let link = link_if_compiled(plan, &def.name, features, &polymorphic.enum_name, &plan.path(&def.name, &polymorphic.enum_name));
            facts.push(format!(
                "A property declared as this type holds {link}, which reads the derived type the payload's `@odata.type` names."
            ));
        }
    }
    facts.extend(notes.iter().cloned());
    if !facts.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&facts.join(" "));
    }
    doc.push_str(&format!("\n\n# Source\n\nThe {what} `{}`. {}", def.name, provenance(plan, &def.sources, "it")));
    doc.truncate(doc.trim_end().len());
    doc
}

/// At most this many derived types are linked from a base type's docs (`entity` has hundreds).
const MAX_DERIVED_LISTED: usize = 32;

/// Whether a description says nothing but the type's name: "The recordOperation type",
/// "Represents a website.", Intune's "This topic provides descriptions of the declared
/// methods, properties and relationships exposed by the X resource.", or the metadata's
/// placeholder "Not yet documented".
fn names_only(description: &str, name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "this topic provides descriptions of the declared methods, properties and relationships exposed by the ",
        "represents the ",
        "represents an ",
        "represents a ",
        "represents ",
        "the ",
        "",
    ];
    const SUFFIXES: &[&str] =
        &[" resource type", " complex type", " entity type", " resource", " type", " entity", " object", " class", " enumeration", ""];
    let folded = |text: &str| text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let text = description.trim().trim_end_matches('.').trim_end().to_lowercase();
    let name = folded(name);
    is_placeholder(&text)
        || PREFIXES.iter().filter_map(|prefix| text.strip_prefix(prefix)).any(|rest| {
            SUFFIXES.iter().filter_map(|suffix| rest.strip_suffix(suffix)).any(|named| !named.is_empty() && folded(named) == name)
        })
}

/// The metadata's placeholder for a missing description.
fn is_placeholder(description: &str) -> bool {
    description.trim().trim_end_matches('.').eq_ignore_ascii_case("not yet documented")
}

/// A property's or member's description as rustdoc Markdown; empty when the sources have
/// none or only the placeholder "Not yet documented".
fn description_text(description: Option<&str>) -> String {
    description.filter(|d| !is_placeholder(d)).map(source_text).unwrap_or_default()
}

/// An intra-doc link from the docs of `from` to the type `target`, or its name as code when
/// the target does not compile under every feature that compiles `from`.
fn type_link(plan: &Plan, from: &QualifiedName, target: &QualifiedName) -> String {
    let rust_name = &plan.type_names[target];
    link_if_compiled(plan, from, plan.features.of_type.get(target), rust_name, &plan.path(target, rust_name))
}

/// ``[`Name`](crate::path)`` when an item compiled under `target_features` compiles wherever
/// `from` does (a link that does not resolve under some feature fails `cargo doc` there),
/// else `` `Name` ``.
fn link_if_compiled(
    plan: &Plan,
    from: &QualifiedName,
    target_features: Option<&std::collections::BTreeSet<String>>,
    rust_name: &str,
    path: &TokenStream,
) -> String {
    let always = plan.features.closures.is_empty();
    let compiled_with_from = || match (plan.features.of_type.get(from), target_features) {
        (None, _) => true,
        (Some(from), Some(target)) => from.is_subset(target),
        (Some(from), None) => from.is_empty(),
    };
    if always || compiled_with_from() {
        format!("[`{rust_name}`]({})", path.to_string().replace(' ', ""))
    } else {
        format!("`{rust_name}`")
    }
}

/// Which sources define a type or property: both, or which one alone (said only when the
/// other kind of source was read at all).
fn provenance(plan: &Plan, sources: &crate::ir::Sources, subject: &str) -> String {
    match (&sources.docs, &sources.metadata) {
        (Some(docs), Some(metadata)) => format!("Declared in `{}`, documented in `{}`.", metadata.file, docs.file),
        (Some(docs), None) if plan.read_metadata => format!("Documented in `{}`; no metadata read declares {subject}.", docs.file),
        (Some(docs), None) => format!("Documented in `{}`.", docs.file),
        (None, Some(metadata)) if plan.read_docs => format!("Declared in `{}`; no page read documents {subject}.", metadata.file),
        (None, Some(metadata)) => format!("Declared in `{}`.", metadata.file),
        (None, None) => String::new(),
    }
}

/// A struct's declaration for `rt::object!`: each field with its JSON name beside it.
fn object_declaration<'p>(plan: &'p Plan, def: &TypeDef, structure: &StructType) -> ObjectDeclaration<'p> {
    let name = &def.name;
    let what = if matches!(def.kind, crate::ir::TypeKind::Entity(_)) { "entity type" } else { "complex type" };
    let mut doc = type_doc(plan, def, what, &[]);
    doc.push_str(&examples::doc_examples(plan, name, &plan.type_examples(name, structure)));
    // Say where a property comes from when only one side of a two-sided type knows it.
    let type_has_both = def.sources.docs.is_some() && def.sources.metadata.is_some();
    let fields = plan
        .properties(name)
        .iter()
        .zip(&plan.field_names[name])
        .map(|(property, field)| {
            let mut doc = description_text(property.description.as_deref());
            if type_has_both && (property.sources.docs.is_none() || property.sources.metadata.is_none()) {
                doc.push_str(if doc.is_empty() { "" } else { "\n\n" });
                doc.push_str(&provenance(plan, &property.sources, "this property"));
            }
            if property.navigation {
                doc.push_str(if doc.is_empty() { "" } else { "\n\n" });
                doc.push_str("A relationship: present when the request expands it.");
            }
            FieldDeclaration::new(doc, &property.json_name, field, plan.field_type(name, property))
        })
        .collect();
    ObjectDeclaration::new(doc, name.to_string(), &plan.type_names[name], fields)
}

/// The file of the enum that holds a value declared as `base` (the base itself or any derived
/// type), as a declaration for `rt::polymorphic!`; `None` when `base` has no derived types.
pub fn polymorphic_items(plan: &Plan, base: &QualifiedName) -> Option<TypeItems<'static>> {
    let polymorphic = plan.polymorphic.get(base)?;
    let enum_ident = ident(&polymorphic.enum_name);
    let base_ident = ident(&polymorphic.base_variant);
    let base_path = plan.path(base, &plan.type_names[base]);
    let variants = polymorphic.variants.iter().map(|(child, variant)| {
        let variant = ident(variant);
        let path = plan.path(child, &plan.type_names[*child]);
        let qualified = child.to_string();
        let variant_doc = doc_lines(&format!("A `{}`.", child.name));
        let gate = plan.variant_gate(base, child);
        quote! { #variant_doc #[odata(#qualified)] #gate #variant(#path), }
    });
    let doc = doc_lines(&format!("A value declared as `{}`: the variant is chosen by the `@odata.type` the payload carries.", base.name));
    let base_doc = doc_lines(&format!(
        "A `{}` itself, or a type derived from it that this schema does not know or this build does not compile (its `@odata.type` and properties are kept).",
        base.name
    ));
    Some(TypeItems {
        macro_path: Some("rt::polymorphic"),
        tokens: Items::Tokens(quote! {
            #doc
            pub enum #enum_ident {
                #base_doc
                #base_ident(#base_path),
                #(#variants)*
            }
        }),
    })
}

fn enum_declaration<'p>(plan: &'p Plan, def: &'p TypeDef, enumeration: &'p EnumType) -> EnumDeclaration<'p> {
    let EnumVariants { members: member_variants, unrecognized } = &plan.variant_names[&def.name];
    let unlisted = format!("Members the schema does not list are kept as [`{unrecognized}`](Self::{unrecognized}).");
    let members = enumeration
        .members
        .iter()
        .zip(member_variants)
        .map(|(member, variant)| MemberDeclaration {
            doc: match description_text(member.description.as_deref()) {
                description if description.is_empty() => format!("`{}`", member.name),
                description => format!("`{}`: {description}", member.name),
            },
            variant,
            wire: &member.name,
            aliases: &member.aliases,
        })
        .collect();
    EnumDeclaration { doc: type_doc(plan, def, "enumeration", &[unlisted]), ident: &plan.type_names[&def.name], unrecognized, members }
}

#[cfg(test)]
mod tests {
    use super::{FieldDeclaration, ObjectDeclaration, description_text, names_only, source_text};
    use quote::quote;

    #[test]
    fn descriptions_that_only_name_the_type_are_replaced() {
        for (boilerplate, name) in [
            ("The recordOperation type", "recordOperation"),
            ("The callRoute type.", "callRoute"),
            ("Represents a website.", "website"),
            ("Represents an entity.", "entity"),
            ("Not yet documented", "anything"),
            (
                "This topic provides descriptions of the declared methods, properties and relationships exposed by the iOS Lob App Provisioning Configuration resource.",
                "iosLobAppProvisioningConfiguration",
            ),
        ] {
            assert!(names_only(boilerplate, name), "{boilerplate:?} names only {name}");
        }
        // Words that say something stay, even when they start the same way.
        assert!(!names_only("The recordOperation type records audio.", "recordOperation"));
        assert!(!names_only("Represents a website that a user owns.", "website"));
        assert!(!names_only("The callRoute type.", "recordOperation"));
        assert!(!names_only("Represents video teleconferencing device audio quality data.", "teleconferenceDeviceAudioQuality"));
        assert_eq!(description_text(Some("Not yet documented")), "");
        assert_eq!(description_text(Some("Kept <as> is")), "Kept \\<as> is");
    }

    #[test]
    fn descriptions_are_escaped_for_rustdoc() {
        assert_eq!(
            source_text("See https://contoso.com/x. Or <https://myapp.contoso.com/somepath.>"),
            "See <https://contoso.com/x>. Or <https://myapp.contoso.com/somepath.>"
        );
        assert_eq!(source_text("format <languagecode2>-<regioncode2>"), "format \\<languagecode2>-\\<regioncode2>");
        assert_eq!(source_text("proxy [\"SMTP: bob@contoso.com\"]"), "proxy \\[\"SMTP: bob@contoso.com\"\\]");
        assert_eq!(source_text("(see https://a.b/c)"), "(see <https://a.b/c>)");
        assert_eq!(source_text("\"https://a.b\" or <https://a.b broken"), "\"<https://a.b>\" or \\<<https://a.b> broken");
        assert_eq!(source_text("plain text, ünïcode"), "plain text, ünïcode");
        // Copied in runs up to each `h`, bracket or `<`: a URL only where a word does not go on.
        assert_eq!(source_text("which http://a.b, ahttps://c.d [ü]<"), "which <http://a.b>, ahttps://c.d \\[ü\\]\\<");
        assert_eq!(source_text("ends with h"), "ends with h");
        assert_eq!(source_text("ühttp://x üttp"), "ühttp://x üttp");
        // An autolink holds no `<`; the second one here still is one.
        assert_eq!(source_text("<https://a<https://b>"), "\\<<https://a><https://b>");
    }

    #[test]
    fn declarations_that_differ_read_differently() {
        let field = |doc: &str, json: &'static str| FieldDeclaration::new(doc.to_string(), json, "f", quote!(rt::Field<i32>));
        let declaration = |doc: &str, type_name: &str, fields| ObjectDeclaration::new(doc.to_string(), type_name.to_string(), "A", fields);
        let texts = [
            declaration("a", "bc", vec![]).to_string(),
            declaration("ab", "c", vec![]).to_string(),
            declaration("ab", "c", vec![field("", "x")]).to_string(),
            declaration("ab", "c", vec![field("x", "")]).to_string(),
        ];
        for (i, one) in texts.iter().enumerate() {
            for other in &texts[i + 1..] {
                assert_ne!(one, other);
            }
        }
        // Its tokens are the declaration rt::object! reads.
        let tokens = declaration("Docs.", "ns.a", vec![field("A field.", "x")]).tokens().to_string();
        assert_eq!(
            tokens,
            quote! {
                #[doc = " Docs."]
                #[odata("ns.a")]
                pub struct A {
                    #[doc = " A field."]
                    #[json("x")]
                    pub f: rt::Field<i32>,
                }
            }
            .to_string()
        );
    }
}
