#!/usr/bin/env python3
"""Stack bytes per nesting level: the support of bench/stack.sh (read that first).

Usage: stack.py WORK METADATA
Environment: STACK_TYPES="ns.a ns.b ns.c" measures these types instead of the three largest
(to measure the types of an earlier run after their sizes changed).

WORK holds a generated model crate in WORK/model (package `graph-models`, standalone).
This script writes the probe crate WORK/probe, builds it (CARGO_TARGET_DIR is shared),
and measures. It relies only on the generated crate's type names (`pub struct X` in
src/<namespace module>/*.rs) and on JSON: the probe calls nothing but
`serde_json::from_str::<T>` and `std::mem::size_of::<T>()`.

Steps:
1. sizes: a binary printing size_of for every generated struct; the three largest win.
2. chains: cycles through each type, found in the metadata (properties and navigation
   properties, inherited ones included; a property declared as a base type may hold a
   derived type, which the payload then names with `@odata.type` first). Shortest first.
   A chain is *typed* when the generated code reads every step of it as a struct (not
   as raw JSON); that is checked by JSON alone: the payload reads, and the same payload
   with the chain's next property replaced by `5` at the innermost level is rejected (a
   raw JSON field would accept it).
3. min stack: for depths N1 and N2, bisect the stack size of a thread that reads (and
   drops) the payload, one child process per probe (an overflow aborts the process), to
   a page (4 KiB). Bytes per level = (min(N2) - min(N1)) / (N2 - N1).
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
PAGE = 4096
# serde_json stops at 128 nested arrays and objects; measured payloads stay below this.
JSON_DEPTH_BUDGET = 120
CANDIDATES = 400  # cycles tried per type, shortest first, before giving up on a typed one
MAX_CYCLE = 4  # edges


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- metadata


class Type:
    def __init__(self, qname, base, abstract):
        self.qname = qname
        self.base = base
        self.abstract = abstract
        self.props = []  # (json name, declared qualified type, is collection, is navigation)
        self.derived = []  # direct


def read_metadata(path):
    root = ET.parse(path).getroot()
    schemas = list(root.iter(EDM + "Schema"))
    alias = {}
    for s in schemas:
        if s.get("Alias"):
            alias[s.get("Alias")] = s.get("Namespace")

    def resolve(name):
        if name is None:
            return None
        ns, _, local = name.rpartition(".")
        return f"{alias.get(ns, ns)}.{local}"

    types = {}
    for s in schemas:
        ns = s.get("Namespace")
        for kind in ("EntityType", "ComplexType"):
            for el in s.findall(EDM + kind):
                t = Type(f"{ns}.{el.get('Name')}", resolve(el.get("BaseType")), el.get("Abstract") == "true")
                for p in el:
                    tag = p.tag[len(EDM):]
                    if tag not in ("Property", "NavigationProperty"):
                        continue
                    ty = p.get("Type")
                    coll = ty.startswith("Collection(")
                    if coll:
                        ty = ty[len("Collection("):-1]
                    if ty.startswith("Edm."):
                        continue
                    t.props.append((p.get("Name"), resolve(ty), coll, tag == "NavigationProperty"))
                types[t.qname] = t
    for t in types.values():
        if t.base in types:
            types[t.base].derived.append(t.qname)
    return types


def ancestors(types, q):
    out = []
    seen = set()
    while q in types and q not in seen:
        seen.add(q)
        out.append(q)
        q = types[q].base
    return out


def all_props(types, q):
    # inherited first, as the service writes them; a redeclared name is the derived one's
    props = {}
    for a in reversed(ancestors(types, q)):
        for p in types[a].props:
            props[p[0]] = p
    return list(props.values())


def descendants(types, q):
    out, todo = [], [q]
    while todo:
        x = todo.pop()
        out.append(x)
        todo.extend(sorted(types[x].derived) if x in types else [])
    return out


def edges(types, x, target):
    """(property, declared type, actual type, collection, navigation) from type x."""
    out = []
    for name, decl, coll, nav in all_props(types, x):
        if decl not in types:
            continue
        succ = descendants(types, decl)
        if len(succ) > 50 and target not in succ:  # `entity`: only the target itself matters
            succ = [decl]
        elif len(succ) > 50:
            succ = [decl, target]
        for z in succ:
            out.append((name, decl, z, coll, nav))
    return out


def cycles(types, t, limit):
    """Cycles t -> ... -> t: shortest first, then fewest navigations to a polymorphic
    type, fewest collections, fewest navigations, and by name."""
    # distance of every type to t, backwards over the same edges
    rev = {}
    for x in types:
        for e in edges(types, x, t):
            rev.setdefault(e[2], set()).add(x)
    dist = {t: 0}
    frontier = [t]
    while frontier:
        nxt = []
        for z in frontier:
            for x in sorted(rev.get(z, ())):
                if x not in dist:
                    dist[x] = dist[z] + 1
                    nxt.append(x)
        frontier = nxt
    found = []
    for length in range(1, MAX_CYCLE + 1):
        level = []

        def walk(x, path):
            if len(path) == length:
                if x == t:
                    level.append(list(path))
                return
            for e in edges(types, x, t):
                z = e[2]
                if dist.get(z, 99) + len(path) + 1 > length:
                    continue
                if z != t and any(p[2] == z for p in path):
                    continue  # simple cycles only
                if z == t and len(path) + 1 < length:
                    continue
                path.append(e)
                walk(z, path)
                path.pop()
                if len(level) > 20000:
                    return

        walk(t, [])
        # navigations to a type with derived types are raw JSON in today's generated code
        # (issue 8): try the others first; the probe decides what is typed
        poly = lambda e: e[4] and len(types[e[1]].derived) > 0  # noqa: E731
        level.sort(key=lambda c: (sum(map(poly, c)), sum(e[3] for e in c), sum(e[4] for e in c), [(e[0], e[2]) for e in c]))
        found.extend(level)
        if len(found) >= limit:
            break
    return found[:limit]


def chain_text(t, chain):
    """`user.manager → user (as directoryObject)`; `a.b → b.c[] → a` for longer cycles."""
    text = short(t)
    for i, (name, decl, actual, coll, _nav) in enumerate(chain):
        text += ("." if i == 0 else " .") + name + ("[]" if coll else "") + " → " + short(actual)
        if actual != decl:
            text += f" (as {short(decl)})"
    return text


def short(q):
    return q[len("microsoft.graph."):] if q.startswith("microsoft.graph.") else q


def json_depth_per_level(chain):
    return sum(1 + e[3] for e in chain)


def payload(t, chain, levels, poison=False):
    """A JSON text: `levels` repetitions of `chain` below a root of type t. With poison, the
    innermost object's next chain property is `5`, which only raw JSON accepts."""
    steps = chain * levels
    # innermost first
    inner = "{}" if not poison else '{"%s":5}' % chain[0][0]
    text = inner
    for i in range(len(steps) - 1, -1, -1):
        name, decl, actual, coll, _nav = steps[i]
        obj = text
        if actual != decl:
            body = obj[1:-1]
            obj = '{"@odata.type":"#%s"%s}' % (actual, ("," + body) if body else "")
        val = "[" + obj + "]" if coll else obj
        text = '{"%s":%s}' % (name, val)
    return text


# ---------------------------------------------------------------------------- crate


def scan_structs(model, types):
    """(rust path, qualified name or None) of every generated struct."""
    out = []
    folded = {}
    for q in types:
        ns, _, local = q.rpartition(".")
        folded.setdefault(re.sub(r"[^a-z0-9]", "", local.lower()), []).append(q)
    src = os.path.join(model, "src")
    for module in sorted(os.listdir(src)):
        d = os.path.join(src, module)
        if not os.path.isdir(d) or module == "runtime":
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".rs") or f == "mod.rs":
                continue
            text = open(os.path.join(d, f), encoding="utf-8").read()
            # `pub struct` at the start of a line (e958fb0's output) or indented inside
            # `rt::object! { ... }` (later output).
            for m in re.finditer(r"^[ \t]*pub struct (\w+)", text, re.M):
                name = m.group(1)
                path = f"graph_models::{name}" if module == "microsoft_graph" else f"graph_models::{module}::{name}"
                doc = re.search(r"^[ \t]*/// The (?:entity|complex) type `([^`]+)`", text[: m.start()], re.M)
                q = doc.group(1) if doc else None
                if q is None:
                    cands = folded.get(re.sub(r"[^a-z0-9]", "", name.lower()), [])
                    q = cands[0] if len(cands) == 1 else None
                out.append((path, q))
    return out


CARGO_TOML = """[package]
name = "stack-probe"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
graph-models = { path = "../model", features = ["full"] }
serde = "1"
serde_json = "1"

# The workspace's dev profile: dependencies at opt-level 1; the generated model's code,
# all generic, is instantiated in this crate at opt-level 0, as in the workspace's tests.
[profile.dev.package."*"]
opt-level = 1

[workspace]
"""

SIZES_RS = """// Written by bench/stack.py: size_of every generated struct.
fn main() {
%s}
"""

PROBE_RS = """// Written by bench/stack.py. probe TYPE FILE STACK: read FILE as TYPE on a thread of
// STACK bytes, then drop it. Prints `ok` (exit 0) or `error: ...` (exit 1); a stack
// overflow aborts the process.
fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<(), String> {
    serde_json::from_str::<T>(json).map(drop).map_err(|e| e.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (ty, file, stack) = (&args[1], &args[2], &args[3]);
    let stack: usize = stack.parse().expect("STACK is a number of bytes");
    let json = std::fs::read_to_string(file).expect("FILE is readable");
    let (read, size): (fn(&str) -> Result<(), String>, usize) = match ty.as_str() {
%s        _ => {
            eprintln!("unknown type {ty}");
            std::process::exit(3)
        }
    };
    if stack == 0 {
        println!("{size}");
        return;
    }
    let thread = std::thread::Builder::new().stack_size(stack).spawn(move || read(&json)).unwrap();
    match thread.join().unwrap() {
        Ok(()) => println!("ok"),
        Err(e) => {
            println!("error: {e}");
            std::process::exit(1)
        }
    }
}
"""


def write(path, text):
    """Writes text unless the file has it already (its mtime would make cargo rebuild)."""
    try:
        if open(path, encoding="utf-8").read() == text:
            return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def cargo(probe, *args):
    cmd = ["nice", "cargo", "build", "--quiet", *args]
    log("$", " ".join(cmd))
    subprocess.run(cmd, cwd=probe, check=True)


def target_dir(probe):
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(probe, "target")


# ---------------------------------------------------------------------------- probes


class Probe:
    def __init__(self, exe, work):
        self.exe = exe
        self.work = work
        self.runs = 0

    def run(self, qname, text, stack):
        f = os.path.join(self.work, "payload.json")
        with open(f, "w") as out:
            out.write(text)
        self.runs += 1
        p = subprocess.run([self.exe, qname, f, str(stack)], capture_output=True, text=True)
        if p.returncode == 0:
            return ("ok", "")
        if p.returncode == 1:
            return ("error", p.stdout.strip().removeprefix("error: "))
        why = "stack overflow" if "overflowed its stack" in p.stderr else f"signal {-p.returncode}"
        return ("abort", why)

    def min_stack(self, qname, text):
        status, why = self.run(qname, text, 256 << 20)
        if status != "ok":
            raise RuntimeError(f"{qname}: the payload does not read on a 256 MiB thread: {status} {why}")
        hi = 64 * 1024
        while self.run(qname, text, hi)[0] != "ok":
            hi *= 2
        lo = hi // 2 if hi > 64 * 1024 else 0
        while hi - lo > PAGE:
            mid = (lo + hi) // 2 // PAGE * PAGE
            if self.run(qname, text, mid)[0] == "ok":
                hi = mid
            else:
                lo = mid
        return hi


def main():
    work, metadata = sys.argv[1], sys.argv[2]
    model = os.path.join(work, "model")
    probe = os.path.join(work, "probe")
    types = read_metadata(metadata)
    structs = scan_structs(model, types)
    log(f"{len(structs)} generated structs, {len(types)} metadata entity and complex types")

    # 1. sizes
    os.makedirs(os.path.join(probe, "src", "bin"), exist_ok=True)
    write(os.path.join(probe, "Cargo.toml"), CARGO_TOML)
    write(os.path.join(probe, "src", "bin", "sizes.rs"), SIZES_RS % "".join(f'    println!("{{}} {p}", std::mem::size_of::<{p}>());\n' for p, _ in structs))
    if not os.path.exists(os.path.join(probe, "src", "bin", "probe.rs")):
        write(os.path.join(probe, "src", "bin", "probe.rs"), PROBE_RS % "")  # the types come below
    cargo(probe, "--bin", "sizes")
    out = subprocess.run([os.path.join(target_dir(probe), "debug", "sizes")], capture_output=True, text=True, check=True)
    sizes = {}
    for line in out.stdout.splitlines():
        n, p = line.split()
        sizes[p] = int(n)
    qname_of = dict(structs)
    ranked = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[:3]
    print("Largest generated structs (size_of, debug):")
    for p, n in ranked[:10]:
        print(f"  {n:>7} bytes  {p}  ({qname_of.get(p)})")
    user = next(p for p, q in structs if q == "microsoft.graph.user")

    # 2. the probe binary, once per profile
    chosen = [(p, qname_of[p]) for p, _ in top]
    # The three largest may have no chain through themselves: then also the next largest
    # that have one (in the metadata), until three are measured.
    with_chain = sum(1 for _, q in chosen if cycles(types, q, 1))
    for p, _ in ranked[3:50]:
        if with_chain >= 3:
            break
        if qname_of.get(p) and cycles(types, qname_of[p], 1):
            chosen.append((p, qname_of[p]))
            with_chain += 1
    if os.environ.get("STACK_TYPES"):
        # the types of an earlier run, so that a before and an after measure the same ones
        path_of = {q: p for p, q in structs if q}
        chosen = [(path_of[q], q) for q in os.environ["STACK_TYPES"].split()]
    top_names = {qname_of[p] for p, _ in top}
    if not any(q == "microsoft.graph.user" for _, q in chosen):
        chosen.append((user, "microsoft.graph.user"))
    arms = "".join(f'        "{q}" => (read::<{p}>, std::mem::size_of::<{p}>()),\n' for p, q in chosen)
    write(os.path.join(probe, "src", "bin", "probe.rs"), PROBE_RS % arms)
    exes = {}
    for profile, flags in (("debug", []), ("release", ["--release"])):
        cargo(probe, "--bin", "probe", *flags)
        exes[profile] = Probe(os.path.join(target_dir(probe), profile, "probe"), work)

    # 3. chains, checked typed with the debug probe
    rows = []
    for p, q in chosen:
        cands = cycles(types, q, CANDIDATES)
        typed = None
        for c in cands:
            if exes["debug"].run(q, payload(q, c, 2), 256 << 20)[0] != "ok":
                continue
            if exes["debug"].run(q, payload(q, c, 2, poison=True), 256 << 20)[0] == "error":
                typed = c
                break
        rows.append((p, q, cands, typed))
        log(f"{short(q)}: {len(cands)} cycle(s) of up to {MAX_CYCLE} steps tried; typed: {chain_text(q, typed) if typed else 'none'}")

    # 4. measure
    table = []
    for p, q, cands, typed in rows:
        in_top = q in top_names
        chain = typed or (cands[0] if cands else None)
        label = chain_text(q, chain) if chain else "none within %d steps" % MAX_CYCLE
        if not typed and chain:
            label += " — raw JSON today: per level is serde_json::Value's"
        res = {}
        if chain:
            per = json_depth_per_level(chain)
            n2 = min(30, (JSON_DEPTH_BUDGET - 1) // per)
            n1 = max(1, n2 // 3)
            for profile in ("debug", "release"):
                s1 = exes[profile].min_stack(q, payload(q, chain, n1))
                s2 = exes[profile].min_stack(q, payload(q, chain, n2))
                res[profile] = (s1, s2, (s2 - s1) / (n2 - n1))
            depths = (n1, n2)
        table.append((p, q, sizes[p], in_top, label, typed is not None, res, depths if chain else None))

    print()
    print("| type | size_of | chain (one level) | typed | N1, N2 | debug: min stack N1 / N2 | debug: bytes per level | release: min stack N1 / N2 | release: bytes per level |")
    print("|---|---:|---|---|---|---:|---:|---:|---:|")
    for p, q, size, in_top, label, is_typed, res, depths in table:
        rank = next(i for i, (pp, _) in enumerate(ranked) if pp == p) + 1
        name = f"`{p.removeprefix('graph_models::')}`" + ("" if in_top else f" (largest no. {rank})")
        if not res:
            print(f"| {name} | {size:,} | {label} | n/a | | | n/a | | n/a |")
            continue
        cells = []
        for profile in ("debug", "release"):
            s1, s2, per = res[profile]
            cells.append(f"{s1 // 1024:,} KiB / {s2 // 1024:,} KiB")
            cells.append(f"{per / 1024:,.1f} KiB")
        print(f"| {name} | {size:,} | {label} | {'yes' if is_typed else 'no'} | {depths[0]}, {depths[1]} | " + " | ".join(cells) + " |")

    # 5. user.manager: 100 levels on 2 MiB in debug, and past serde_json's limit
    manager = [("manager", "microsoft.graph.directoryObject", "microsoft.graph.user", False, True)]
    dbg = exes["debug"]
    print()
    print("`user.manager` chain (`@odata.type` `#microsoft.graph.user` first in each nested object), debug build:")
    typed = dbg.run("microsoft.graph.user", payload("microsoft.graph.user", manager, 2, poison=True), 256 << 20)[0] == "error"
    print(f"- typed today: {'yes' if typed else 'no (raw JSON: the nested levels are serde_json::Value)'}")
    for levels, stack in ((100, 2 << 20), (126, 2 << 20), (127, 2 << 20), (150, 2 << 20), (150, 256 << 20), (1000, 2 << 20)):
        status, why = dbg.run("microsoft.graph.user", payload("microsoft.graph.user", manager, levels), stack)
        print(f"- {levels} levels (JSON nested {levels + 1} deep) on a {stack >> 20} MiB thread: {status}" + (f" ({why})" if why else ""))
    for p, q, size, in_top, label, is_typed, res, depths in table:
        if not is_typed:
            continue
        chain = next(typed for pp, _, _, typed in rows if pp == p)
        levels = -(-128 // json_depth_per_level(chain))  # the JSON nests 129 deep or more
        print()
        print(f"Past serde_json's limit through `{label}` ({levels} levels, JSON nested {1 + levels * json_depth_per_level(chain)} deep), debug build:")
        for stack in (2 << 20, 256 << 20):
            status, why = dbg.run(q, payload(q, chain, levels), stack)
            print(f"- on a {stack >> 20} MiB thread: {status}" + (f" ({why})" if why else ""))
    print()
    print(f"{exes['debug'].runs + exes['release'].runs} probe processes")


if __name__ == "__main__":
    main()
