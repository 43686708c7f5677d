//! Paths: the canonical paths of bound operations and paths matched against the metadata, on
//! a fixture that shows each case (`tests/fixtures/csdl/paths.xml`), on the seed, and over
//! the corpus metadata and the request lines of the API sample pages.

use graph_codegen::codegen;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::ir::Model;
use graph_codegen::ir::paths::{Paths, ResolvedSegment};
use graph_codegen_tests::{corpus, workspace_root};

fn metadata(file: &str) -> Option<Model> {
    let path = corpus(file)?;
    Some(codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model)
}

fn fixture() -> Model {
    let path = workspace_root().join("tests/fixtures/csdl/paths.xml");
    codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model
}

/// The canonical paths of the fixture's operations, by operation name (overloads by their
/// parameter count).
fn canonical(model: &Model) -> Vec<(String, Vec<String>)> {
    let paths = Paths::new(model);
    model
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            (format!("{}/{}", op.name.name, op.parameters.len()), paths.canonical(index).iter().map(ToString::to_string).collect())
        })
        .collect()
}

#[test]
fn the_container_keeps_its_members_lines_and_navigation_property_bindings() {
    let model = fixture();
    let container = &model.containers[0];
    let me = &container.singletons[0];
    assert_eq!((me.name.as_str(), me.span.line), ("me", 70));
    let bindings: Vec<(String, String, u32)> =
        me.navigation_bindings.iter().map(|b| (b.path.clone(), b.target.clone(), b.span.line)).collect();
    assert_eq!(bindings, [("manager".to_string(), "directoryObjects".to_string(), 71)]);
    assert_eq!(container.entity_sets[0].navigation_bindings.len(), 1);
    assert!(container.entity_sets[1].navigation_bindings.is_empty());
}

#[test]
fn canonical_paths_are_the_shortest_through_containment() {
    let model = fixture();
    let expected: Vec<(&str, Vec<&str>)> = vec![
        // After the key of the entity it is bound to, by its unqualified name.
        ("recordResponse/1", vec!["/communications/calls/{call-id}/recordResponse"]),
        // Bound to a collection: after the collection segment.
        ("logTeleconferenceDeviceQuality/0", vec!["/communications/calls/logTeleconferenceDeviceQuality"]),
        // Bound to a base type: the base type's own paths, not every derived type's.
        ("checkMemberGroups/1", vec!["/directoryObjects/{directory-object-id}/checkMemberGroups"]),
        // A singleton and a set's key are one step each; `childFolders` nests deeper, never shorter.
        ("delta/0", vec!["/me/mailFolders/delta()", "/users/{user-id}/mailFolders/delta()"]),
        // A function's parameters, in declaration order; each overload has its template.
        (
            "reminderView/2",
            vec![
                "/me/reminderView(StartDateTime={StartDateTime},EndDateTime={EndDateTime})",
                "/users/{user-id}/reminderView(StartDateTime={StartDateTime},EndDateTime={EndDateTime})",
            ],
        ),
        (
            "reminderView/1",
            vec!["/me/reminderView(StartDateTime={StartDateTime})", "/users/{user-id}/reminderView(StartDateTime={StartDateTime})"],
        ),
    ];
    let expected: Vec<(String, Vec<String>)> =
        expected.into_iter().map(|(name, paths)| (name.to_string(), paths.into_iter().map(str::to_string).collect())).collect();
    assert_eq!(canonical(&model), expected);
}

#[test]
fn any_path_is_matched_segment_by_segment() {
    let model = fixture();
    let paths = Paths::new(&model);
    let ok = [
        // Deeper than any canonical path, through a type that contains itself.
        "/me/mailFolders/{id}/childFolders/{id}/childFolders/{id}/messages/{message-id}",
        // Placeholder names do not matter; a key in parentheses may hold a `/`.
        "/users('a/b')/photo/$value",
        "/users(someone)/mailFolders('inbox')",
        // A non-contained navigation, a reference, a count.
        "/me/manager",
        "/me/manager/$ref",
        "/users/$count",
        // A type cast to a derived type, then its navigation.
        "/directoryObjects/{id}/microsoft.graph.user/mailFolders",
        "/directoryObjects/microsoft.graph.user",
        // Structural properties, complex and primitive.
        "/me/address/city",
        "/me/displayName/$value",
        // A composable function, then a key into what it returns.
        "/me/mailFolders/delta()/{id}",
        "/me/mailFolders/delta/{id}",
        // Versions, the host, the query string; names in another case.
        "https://graph.microsoft.com/v1.0/me?$select=displayName",
        "/beta/ME/MailFolders",
        "/communications/calls/logTeleconferenceDeviceQuality",
    ];
    for path in ok {
        if let Err(mismatch) = paths.resolve(path) {
            panic!("{path}: {mismatch}");
        }
    }
    // An operation bound to a base type, after a derived type; qualified or not.
    for path in ["/users/{id}/checkMemberGroups", "/me/microsoft.graph.checkMemberGroups"] {
        let resolved = paths.resolve(path).unwrap();
        assert_eq!(resolved.operations().len(), 1, "{path}");
        assert_eq!(resolved.operations()[0].name.name, "checkMemberGroups");
    }
    // Overloads: the parameters written pick one; without them, both match.
    let both = paths.resolve("/me/reminderView").unwrap();
    assert_eq!(both.operations().len(), 2);
    let one = paths.resolve("/me/reminderView(StartDateTime='2017-09-04',EndDateTime='2017-09-05')").unwrap();
    assert_eq!(one.operations().len(), 1);
    assert_eq!(one.operations()[0].parameters.len(), 2);
    let resolved = paths.resolve("/communications/calls/{id}/recordResponse").unwrap();
    let kinds: Vec<&str> = resolved
        .segments
        .iter()
        .map(|s| match s {
            ResolvedSegment::Root(_) => "root",
            ResolvedSegment::Navigation { .. } => "navigation",
            ResolvedSegment::Key(_) => "key",
            ResolvedSegment::Cast(_) => "cast",
            ResolvedSegment::Property(_) => "property",
            ResolvedSegment::Operation(_) => "operation",
            ResolvedSegment::Count => "$count",
            ResolvedSegment::Value => "$value",
            ResolvedSegment::Ref => "$ref",
        })
        .collect();
    assert_eq!(kinds, ["root", "navigation", "key", "operation"]);

    let mismatches = [
        ("/nothing", "segment 1 `nothing`: no entity set or singleton is named `nothing`; expected one of the entity container's"),
        (
            "/me/mailFolders/{id}/sendMail",
            "segment 4 `sendMail`: `microsoft.graph.mailFolder` has no navigation property, property, derived type or bound operation named `sendMail`",
        ),
        ("/communications/calls/{id}/recordResponse/more", "segment 5 `more`: nothing follows an operation that is not composable"),
        (
            "/directoryObjects/{id}/microsoft.graph.mailFolder",
            "segment 3 `microsoft.graph.mailFolder`: `microsoft.graph.directoryObject` has no navigation property, property, derived type or bound operation named `microsoft.graph.mailFolder`",
        ),
        ("/me/$value", "segment 2 `$value`: `$value` follows a media entity (`HasStream`) or a primitive value; this is neither"),
        ("/users/$value", "segment 2 `$value`: `$value` follows a media entity (`HasStream`) or a primitive value; this is neither"),
        ("/me/$expand", "segment 2 `$expand`: `$expand` is not a path segment OData defines; expected `$value`, `$count` or `$ref`"),
        (
            "https://bot.contoso.com/api/calls",
            "segment 0 `bot.contoso.com`: the host is not Microsoft Graph's; expected `graph.microsoft.com` or a path",
        ),
        ("/beta", "segment 0 ``: the path has no segment"),
    ];
    for (path, message) in mismatches {
        assert_eq!(paths.resolve(path).unwrap_err().to_string(), message, "{path}");
    }
}

/// The seed: `record` is bound to `Call`, reached through the `app` singleton.
#[test]
fn the_seed_record_action_is_under_the_app_singleton() {
    let path = workspace_root().join("schemas/metadata.xml");
    let model = codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model;
    let paths = Paths::new(&model);
    let index = model.operations.iter().position(|op| op.name.name == "record").unwrap();
    let shown: Vec<String> = paths.canonical(index).iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["/app/calls/{call-id}/record"]);
    assert_eq!(paths.resolve("POST /app/calls/{id}/record".split_once(' ').unwrap().1).unwrap().operations().len(), 1);
}

#[test]
fn every_bound_operation_of_the_corpus_gets_its_canonical_paths() {
    for file in ["csdl/beta-2021-07-13.xml", "csdl/v1.0-2021-07-13.xml", "csdl/beta-2018-12-18.xml"] {
        let Some(model) = metadata(file) else { return };
        let started = std::time::Instant::now();
        let paths = Paths::new(&model);
        let elapsed = started.elapsed();
        let bound = model.operations.iter().filter(|op| op.is_bound()).count();
        let with_paths = paths.all_canonical().iter().filter(|p| !p.is_empty()).count();
        let templates: usize = paths.all_canonical().iter().map(Vec::len).sum();
        println!(
            "{file}: {} operations, {bound} bound, {with_paths} with a canonical path, {templates} canonical paths ({elapsed:?})",
            model.operations.len()
        );
        assert!(with_paths * 2 > bound, "{file}: most bound operations have a canonical path");
        let unreached: std::collections::BTreeSet<String> = model
            .operations
            .iter()
            .enumerate()
            .filter(|(index, op)| op.is_bound() && paths.canonical(*index).is_empty())
            .map(|(_, op)| op.binding.as_ref().unwrap().ty.to_string())
            .collect();
        println!(
            "{file}: binding types no containment path reaches: {} ({:?} ...)",
            unreached.len(),
            unreached.iter().take(8).collect::<Vec<_>>()
        );
        // Every binding of the text is in the IR.
        let text = std::fs::read_to_string(corpus(file).unwrap()).unwrap();
        let bindings: usize =
            model.containers.iter().flat_map(|c| c.entity_sets.iter().chain(&c.singletons)).map(|m| m.navigation_bindings.len()).sum();
        assert_eq!(bindings, text.matches("<NavigationPropertyBinding ").count(), "{file}");
        // Every canonical path resolves, to its own operation.
        for (index, templates) in paths.all_canonical().iter().enumerate() {
            for template in templates {
                let text = template.to_string();
                let resolved = paths.resolve(&text).unwrap_or_else(|e| panic!("{file}: {text}: {e}"));
                assert!(resolved.operations().iter().any(|op| std::ptr::eq(*op, &model.operations[index])), "{file}: {text}");
            }
        }
    }
}

#[test]
fn record_response_is_bound_to_call_under_communications() {
    let Some(model) = metadata("csdl/beta-2021-07-13.xml") else { return };
    let paths = Paths::new(&model);
    let index = model.operations.iter().position(|op| op.name.name == "recordResponse").unwrap();
    let shown: Vec<String> = paths.canonical(index).iter().map(ToString::to_string).collect();
    // Both singletons expose the calls: both paths are one step to `calls`, so both are canonical.
    assert_eq!(shown, ["/communications/calls/{call-id}/recordResponse", "/app/calls/{call-id}/recordResponse"]);
    let resolved = paths.resolve("https://graph.microsoft.com/beta/communications/calls/{id}/recordResponse").unwrap();
    assert_eq!(resolved.operations().len(), 1);
    assert_eq!(resolved.operations()[0].name.name, "recordResponse");
    let mismatch = paths.resolve("/communications/calls/{id}/recordReply").unwrap_err();
    assert_eq!(
        mismatch.to_string(),
        "segment 4 `recordReply`: `microsoft.graph.call` has no navigation property, property, derived type or bound operation named `recordReply`"
    );
}

/// The request lines of the API sample pages (`POST /communications/calls/{id}/answer`): each
/// is matched against the beta 2021 metadata; those of other hosts (a bot's callback URL in
/// a notification example) are not Graph's.
#[test]
fn the_sample_pages_request_lines_resolve() {
    let (Some(model), Some(pages)) = (metadata("csdl/beta-2021-07-13.xml"), corpus("docs-2021-07/beta/api-sample")) else { return };
    let paths = Paths::new(&model);
    let (mut resolved, mut other_hosts, mut failed) = (0, 0, Vec::new());
    let mut files: Vec<_> = std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let Some((_, path)) = line.split_once(' ').filter(|(method, _)| ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(method))
            else {
                continue;
            };
            match paths.resolve(path) {
                Ok(_) => resolved += 1,
                Err(mismatch) if mismatch.segment == 0 => other_hosts += 1,
                Err(mismatch) => failed.push(format!("{}:{}: {path}: {mismatch}", file.display(), number + 1)),
            }
        }
    }
    println!("api-sample request lines: {resolved} resolve, {other_hosts} of other hosts, {} do not resolve", failed.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(resolved >= 60, "{resolved}");
}
