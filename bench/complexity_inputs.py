#!/usr/bin/env python3
"""Hostile inputs for bench/complexity.sh: each is large in one dimension only.

usage: complexity_inputs.py CASE N DIR

Writes DIR/docs/ (Markdown pages) and DIR/metadata.xml (CSDL), whichever the case needs,
and prints the xtask flags that read them. Cases:

  json-keys       a resource page whose JSON representation has N keys (no table)
  table-rows      a resource page whose property table has N rows
  props-csdl      one metadata entity type with N properties
  props-both      N properties in one type, in the metadata and on a page (the merge)
  word-json       an unquoted word of N characters as a value in a JSON representation
  word-key        an unquoted key of N characters in a JSON representation
  word-table      a word of N characters in a table's type cell
  example-objects a type with N properties and a collection example of N objects
  chain           N metadata types, type k with BaseType type k-1 and one property
"""

import os
import sys


def page(type_name, table_rows, json_body):
    """A resource page as the corpus writes one."""
    table = ""
    if table_rows is not None:
        table = "## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n" + table_rows
    return (
        f"# {type_name} resource type\n\n{table}\n## JSON representation\n\n"
        "<!-- {\n"
        '  "blockType": "resource",\n'
        '  "optionalProperties": [],\n'
        f'  "@odata.type": "microsoft.graph.{type_name}"\n'
        "}-->\n"
        "```json\n" + json_body + "\n```\n"
    )


def json_object(lines):
    return "{\n" + ",\n".join("  " + line for line in lines) + "\n}"


def metadata(types_xml):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">\n'
        "  <edmx:DataServices>\n"
        '    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">\n'
        + types_xml
        + "    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n"
    )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def main():
    case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    docs, csdl = os.path.join(out, "docs"), os.path.join(out, "metadata.xml")
    flags = []
    if case == "json-keys":
        body = json_object(f'"property{i}": "String"' for i in range(n))
        write(os.path.join(docs, "wide.md"), page("wide", None, body))
    elif case == "table-rows":
        rows = "".join(f"| property{i} | String | Property number {i}. |\n" for i in range(n))
        write(os.path.join(docs, "wide.md"), page("wide", rows, json_object(['"property0": "String"'])))
    elif case in ("props-csdl", "props-both"):
        properties = "".join(f'        <Property Name="property{i}" Type="Edm.String" />\n' for i in range(n))
        write(csdl, metadata(f'      <ComplexType Name="wide">\n{properties}      </ComplexType>\n'))
        if case == "props-both":
            rows = "".join(f"| property{i} | String | Property number {i}. |\n" for i in range(n))
            body = json_object(f'"property{i}": "String"' for i in range(n))
            write(os.path.join(docs, "wide.md"), page("wide", rows, body))
    elif case == "word-json":
        body = json_object(['"id": "String"', '"word": ' + "w" * n])
        write(os.path.join(docs, "word.md"), page("word", None, body))
    elif case == "word-key":
        body = json_object(['"id": "String"', "w" * n + ': "String"'])
        write(os.path.join(docs, "word.md"), page("word", None, body))
    elif case == "word-table":
        rows = "| id | String | The id. |\n" + "| word | " + "w" * n + " | A long type cell. |\n"
        write(os.path.join(docs, "word.md"), page("word", rows, json_object(['"id": "String"'])))
    elif case == "example-objects":
        rows = "".join(f"| property{i} | String | Property number {i}. |\n" for i in range(n))
        items = ",\n".join(f'    {{"property{i}": "value {i}"}}' for i in range(n))
        example = (
            "\n## Example\n\n<!-- {\n"
            '  "blockType": "response",\n'
            '  "@odata.type": "Collection(microsoft.graph.wide)"\n'
            "}-->\n```json\n"
            '{\n  "value": [\n' + items + "\n  ]\n}\n```\n"
        )
        write(os.path.join(docs, "wide.md"), page("wide", rows, json_object(['"property0": "String"'])) + example)
    elif case == "chain":
        types = []
        for k in range(n):
            base = f' BaseType="microsoft.graph.type{k - 1}"' if k > 0 else ""
            kind = "Edm.String" if k % 2 == 0 else "Edm.Int32"
            types.append(
                f'      <ComplexType Name="type{k}"{base}>\n'
                f'        <Property Name="property{k}" Type="{kind}" />\n'
                "      </ComplexType>\n"
            )
        write(csdl, metadata("".join(types)))
    else:
        sys.exit(f"unknown case {case}")
    if os.path.isdir(docs):
        flags += ["--docs", docs]
    if os.path.exists(csdl):
        flags += ["--csdl", csdl]
    print(" ".join(flags))


if __name__ == "__main__":
    main()
