//! Reads an OData CSDL 4.0 (`edmx`) document into a [`Document`]: the elements as written,
//! with lines, type names unresolved. Lowering (`lower.rs`) gives them meaning.

use crate::ir::{Diagnostic, Span};
use crate::lines::LineIndex;
use roxmltree::{Node, ParsingOptions};

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub path: String,
    pub schemas: Vec<Schema>,
}

#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub namespace: String,
    pub alias: Option<String>,
    pub line: u32,
    pub entity_types: Vec<StructuredType>,
    pub complex_types: Vec<StructuredType>,
    pub enum_types: Vec<EnumElement>,
    pub type_definitions: Vec<TypeDefinitionElement>,
    pub operations: Vec<OperationElement>,
    pub containers: Vec<ContainerElement>,
    /// Out-of-line `<Annotations Target="...">` blocks.
    pub annotations: Vec<AnnotationsBlock>,
}

#[derive(Debug, Clone, Default)]
pub struct StructuredType {
    pub name: String,
    pub line: u32,
    pub base_type: Option<String>,
    pub is_abstract: bool,
    pub open_type: bool,
    pub has_stream: bool,
    pub key: Vec<String>,
    pub properties: Vec<PropertyElement>,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct PropertyElement {
    pub name: String,
    pub line: u32,
    /// As written: `Edm.String`, `graph.user`, `Collection(microsoft.graph.x)`.
    pub type_name: String,
    pub nullable: Option<bool>,
    pub navigation: bool,
    pub contains_target: bool,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct EnumElement {
    pub name: String,
    pub line: u32,
    pub is_flags: bool,
    pub underlying_type: Option<String>,
    pub members: Vec<MemberElement>,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct MemberElement {
    pub name: String,
    /// The `Value` attribute as written (checked when lowered).
    pub value: Option<String>,
    pub line: u32,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct TypeDefinitionElement {
    pub name: String,
    pub line: u32,
    pub underlying_type: String,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct OperationElement {
    pub is_action: bool,
    pub name: String,
    pub line: u32,
    pub is_bound: bool,
    pub is_composable: bool,
    pub parameters: Vec<ParameterElement>,
    pub return_type: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ParameterElement {
    pub name: String,
    pub line: u32,
    /// The type as written.
    pub ty: String,
    pub nullable: Option<bool>,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default)]
pub struct ContainerElement {
    pub name: String,
    pub line: u32,
    pub entity_sets: Vec<ContainerMemberElement>,
    pub singletons: Vec<ContainerMemberElement>,
}

/// An `<EntitySet>` or `<Singleton>`.
#[derive(Debug, Clone, Default)]
pub struct ContainerMemberElement {
    pub name: String,
    /// The entity type as written (`EntityType` of a set, `Type` of a singleton).
    pub ty: String,
    pub line: u32,
    pub bindings: Vec<NavigationBindingElement>,
}

/// A `<NavigationPropertyBinding Path="..." Target="..."/>`, as written.
#[derive(Debug, Clone, Default)]
pub struct NavigationBindingElement {
    pub path: String,
    pub target: String,
    pub line: u32,
}

#[derive(Debug, Clone, Default)]
pub struct AnnotationsBlock {
    pub target: String,
    pub line: u32,
    pub annotations: Vec<AnnotationElement>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnotationElement {
    pub term: String,
    /// The scalar value (`String`, `Bool`, `Int`, `EnumMember`, ... attribute, or text), if any.
    pub value: Option<String>,
    pub line: u32,
}

/// Hostile input (entity expansion, huge documents) is refused: no DTD, and a bound on nodes.
const MAX_NODES: u32 = 20_000_000;

/// Deeper element nesting is refused before parsing: roxmltree recurses once per level and
/// has no limit of its own. Graph's metadata nests about 10 deep.
const MAX_DEPTH: usize = 256;

/// Reads `text`, the contents of the CSDL file at `path`.
pub fn read_document(path: &str, text: &str) -> Result<Document, Diagnostic> {
    check_nesting(path, text)?;
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES };
    let xml = roxmltree::Document::parse_with_options(text, options).map_err(|error| {
        let position = error.pos();
        Diagnostic::error(
            Span::new(path, position.row),
            format!("not a well-formed CSDL document: {error}; expected OData CSDL 4.0 XML (edmx)"),
        )
    })?;
    // roxmltree's own `text_pos_at` scans from the start each time: quadratic on 4 MB.
    let index = LineIndex::new(text);
    let line = |node: Node| index.line(node.range().start);
    let root = xml.root_element();
    if root.tag_name().name() != "Edmx" {
        return Err(Diagnostic::error(
            Span::new(path, line(root)),
            format!("root element is <{}>; expected <edmx:Edmx> of OData CSDL 4.0", root.tag_name().name()),
        ));
    }
    let mut document = Document { path: path.to_string(), schemas: Vec::new() };
    for schema_node in root.descendants().filter(|n| n.has_tag_name("Schema")) {
        let Some(namespace) = schema_node.attribute("Namespace") else {
            return Err(Diagnostic::error(Span::new(path, line(schema_node)), "<Schema> has no Namespace attribute"));
        };
        let mut schema = Schema {
            namespace: namespace.to_string(),
            alias: schema_node.attribute("Alias").map(str::to_string),
            line: line(schema_node),
            ..Schema::default()
        };
        for child in schema_node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "EntityType" => schema.entity_types.push(structured(child, &line)),
                "ComplexType" => schema.complex_types.push(structured(child, &line)),
                "EnumType" => schema.enum_types.push(EnumElement {
                    name: name_of(child),
                    line: line(child),
                    is_flags: bool_attribute(child, "IsFlags").unwrap_or(false),
                    underlying_type: child.attribute("UnderlyingType").map(str::to_string),
                    members: child
                        .children()
                        .filter(|n| n.has_tag_name("Member"))
                        .map(|m| MemberElement {
                            name: name_of(m),
                            value: m.attribute("Value").map(str::to_string),
                            line: line(m),
                            annotations: inline_annotations(m, &line),
                        })
                        .collect(),
                    annotations: inline_annotations(child, &line),
                }),
                "TypeDefinition" => schema.type_definitions.push(TypeDefinitionElement {
                    name: name_of(child),
                    line: line(child),
                    underlying_type: child.attribute("UnderlyingType").unwrap_or("Edm.String").to_string(),
                    annotations: inline_annotations(child, &line),
                }),
                "Action" | "Function" => schema.operations.push(OperationElement {
                    is_action: child.has_tag_name("Action"),
                    name: name_of(child),
                    line: line(child),
                    is_bound: bool_attribute(child, "IsBound").unwrap_or(false),
                    is_composable: bool_attribute(child, "IsComposable").unwrap_or(false),
                    parameters: child
                        .children()
                        .filter(|n| n.has_tag_name("Parameter"))
                        .map(|p| ParameterElement {
                            name: name_of(p),
                            line: line(p),
                            ty: p.attribute("Type").unwrap_or_default().to_string(),
                            nullable: bool_attribute(p, "Nullable"),
                            annotations: inline_annotations(p, &line),
                        })
                        .collect(),
                    return_type: child
                        .children()
                        .find(|n| n.has_tag_name("ReturnType"))
                        .and_then(|r| r.attribute("Type"))
                        .map(str::to_string),
                }),
                "EntityContainer" => schema.containers.push(ContainerElement {
                    name: name_of(child),
                    line: line(child),
                    entity_sets: members_of(child, "EntitySet", "EntityType", &line),
                    singletons: members_of(child, "Singleton", "Type", &line),
                }),
                "Annotations" => schema.annotations.push(AnnotationsBlock {
                    target: child.attribute("Target").unwrap_or_default().to_string(),
                    line: line(child),
                    annotations: inline_annotations(child, &line),
                }),
                _ => {}
            }
        }
        document.schemas.push(schema);
    }
    if document.schemas.is_empty() {
        return Err(Diagnostic::error(Span::new(path, line(root)), "no <Schema> element; expected at least one"));
    }
    Ok(document)
}

/// Refuses elements nested deeper than [`MAX_DEPTH`], naming the line of the first too deep,
/// in one pass that knows just enough XML to count: comments, CDATA sections, processing
/// instructions and declarations hold no elements, a `>` may appear in a quoted attribute
/// value, and `<a/>` closes itself. Whatever else is wrong is left to the parser to report.
fn check_nesting(path: &str, text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut depth = 0usize;
    let mut at = 0;
    // The offset just past the first `end` at or after `from` (or the end of the text),
    // counting the lines skipped.
    let skip_past = |from: usize, end: &str, line: &mut u32| {
        let stop = text.get(from..).and_then(|rest| rest.find(end)).map_or(bytes.len(), |found| from + found + end.len());
        *line += bytes[from.min(stop)..stop].iter().filter(|b| **b == b'\n').count() as u32;
        stop
    };
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                line += 1;
                at += 1;
            }
            b'<' => {
                let rest = &bytes[at..];
                if rest.starts_with(b"<!--") {
                    at = skip_past(at + 4, "-->", &mut line);
                } else if rest.starts_with(b"<![CDATA[") {
                    at = skip_past(at + 9, "]]>", &mut line);
                } else if rest.starts_with(b"<?") {
                    at = skip_past(at + 2, "?>", &mut line);
                } else if rest.starts_with(b"<!") {
                    // A DOCTYPE, which the parser refuses before any element.
                    at = skip_past(at + 2, ">", &mut line);
                } else if rest.starts_with(b"</") {
                    depth = depth.saturating_sub(1);
                    at = skip_past(at + 2, ">", &mut line);
                } else {
                    let tag_line = line;
                    let mut quote = None;
                    let mut end = at + 1;
                    while end < bytes.len() {
                        match (quote, bytes[end]) {
                            (_, b'\n') => line += 1,
                            (Some(open), byte) if byte == open => quote = None,
                            (None, byte @ (b'"' | b'\'')) => quote = Some(byte),
                            (None, b'>') => break,
                            _ => {}
                        }
                        end += 1;
                    }
                    if bytes[end - 1] != b'/' {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(Diagnostic::error(
                                Span::new(path, tag_line),
                                format!(
                                    "elements nested more than {MAX_DEPTH} deep; expected OData CSDL metadata, which nests about 10 deep"
                                ),
                            ));
                        }
                    }
                    at = end + 1;
                }
            }
            _ => at += 1,
        }
    }
    Ok(())
}

fn name_of(node: Node) -> String {
    node.attribute("Name").unwrap_or_default().to_string()
}

fn bool_attribute(node: Node, name: &str) -> Option<bool> {
    node.attribute(name).map(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn members_of(container: Node, tag: &str, type_attribute: &str, line: &dyn Fn(Node) -> u32) -> Vec<ContainerMemberElement> {
    container
        .children()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| ContainerMemberElement {
            name: name_of(n),
            ty: n.attribute(type_attribute).unwrap_or_default().to_string(),
            line: line(n),
            bindings: n
                .children()
                .filter(|b| b.has_tag_name("NavigationPropertyBinding"))
                .map(|b| NavigationBindingElement {
                    path: b.attribute("Path").unwrap_or_default().to_string(),
                    target: b.attribute("Target").unwrap_or_default().to_string(),
                    line: line(b),
                })
                .collect(),
        })
        .collect()
}

fn structured(node: Node, line: &dyn Fn(Node) -> u32) -> StructuredType {
    let key = node
        .children()
        .filter(|n| n.has_tag_name("Key"))
        .flat_map(|k| k.children().filter(|n| n.has_tag_name("PropertyRef")))
        .filter_map(|r| r.attribute("Name").map(str::to_string))
        .collect();
    let properties = node
        .children()
        .filter(|n| n.has_tag_name("Property") || n.has_tag_name("NavigationProperty"))
        .map(|p| PropertyElement {
            name: name_of(p),
            line: line(p),
            type_name: p.attribute("Type").unwrap_or_default().to_string(),
            nullable: bool_attribute(p, "Nullable"),
            navigation: p.has_tag_name("NavigationProperty"),
            contains_target: bool_attribute(p, "ContainsTarget").unwrap_or(false),
            annotations: inline_annotations(p, line),
        })
        .collect();
    StructuredType {
        name: name_of(node),
        line: line(node),
        base_type: node.attribute("BaseType").map(str::to_string),
        is_abstract: bool_attribute(node, "Abstract").unwrap_or(false),
        open_type: bool_attribute(node, "OpenType").unwrap_or(false),
        has_stream: bool_attribute(node, "HasStream").unwrap_or(false),
        key,
        properties,
        annotations: inline_annotations(node, line),
    }
}

/// The `<Annotation>` children of `node`.
fn inline_annotations(node: Node, line: &dyn Fn(Node) -> u32) -> Vec<AnnotationElement> {
    const SCALARS: &[&str] = &["String", "Bool", "Int", "Float", "Decimal", "EnumMember", "Path", "Date", "DateTimeOffset", "Guid"];
    node.children()
        .filter(|n| n.has_tag_name("Annotation"))
        .map(|a| AnnotationElement {
            term: a.attribute("Term").unwrap_or_default().to_string(),
            value: SCALARS
                .iter()
                .find_map(|s| a.attribute(*s))
                .map(str::to_string)
                .or_else(|| a.children().find(|c| c.is_element()).and_then(|c| c.text()).map(|t| t.trim().to_string())),
            line: line(a),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n<edmx:DataServices><Schema Namespace=\"n\">{}{}</Schema></edmx:DataServices></edmx:Edmx>",
            "<a>".repeat(depth - 3),
            "</a>".repeat(depth - 3)
        )
    }

    #[test]
    fn nesting_up_to_the_limit_parses_on_a_small_stack() {
        // The metadata is read on a thread with the default stack, as `codegen::analyze` does.
        let text = nested(MAX_DEPTH);
        let read = std::thread::spawn(move || read_document("m.xml", &text).map(|d| d.schemas.len())).join().unwrap();
        assert_eq!(read.unwrap(), 1);
    }

    #[test]
    fn deeper_nesting_is_an_error_naming_the_line() {
        let error = read_document("m.xml", &nested(MAX_DEPTH + 1)).unwrap_err().to_string();
        assert!(error.starts_with("m.xml:2: error: elements nested more than 256 deep"), "{error}");
        let error = read_document("m.xml", &nested(100_000)).unwrap_err().to_string();
        assert!(error.contains("nested more than 256 deep"), "{error}");
    }

    #[test]
    fn what_holds_no_elements_is_not_counted() {
        let hidden = "<!-- <a><a> --><![CDATA[<a><a>]]><?pi <a> ?><e x=\"<a>\" y='>'/><e/><e></e>".repeat(MAX_DEPTH);
        let text = format!("<?xml version=\"1.0\"?>\n<edmx:Edmx xmlns:edmx=\"x\"><Schema Namespace=\"n\">{hidden}</Schema></edmx:Edmx>");
        assert!(check_nesting("m.xml", &text).is_ok());
        let error = check_nesting("m.xml", &format!("{}\n<a x='\n>'>", "<a>".repeat(MAX_DEPTH))).unwrap_err().to_string();
        assert!(error.starts_with("m.xml:2: error:"), "{error}");
    }
}
