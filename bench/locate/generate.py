#!/usr/bin/python3
"""Writes a synthetic C++ service of N translation units for bench/locate.

Every unit includes real standard headers (vector, string, map, algorithm, memory, functional)
and defines a few functions; the located handler svc::orders::Checkout::handle is defined in one
unit, registered in another and called from a test, so three units mention it whatever N is.
Writes compile_commands.json with g++-style command lines."""
import json
import pathlib
import sys

HEADERS = "#include <algorithm>\n#include <functional>\n#include <map>\n#include <memory>\n#include <string>\n#include <vector>\n"


def unit(i: int) -> str:
    body = [HEADERS, f'#include "common.hpp"\nnamespace svc::m{i} {{\n']
    for j in range(5):
        body.append(f"int f{j}(const std::vector<int>& v) {{\n"
                    f"    std::map<std::string, int> m;\n"
                    f"    for (int x : v) m[std::to_string(x % {j + 3})] += x;\n"
                    f"    return static_cast<int>(std::count_if(v.begin(), v.end(), [](int x) {{ return x > {j}; }})) + static_cast<int>(m.size());\n}}\n")
    body.append("}\n")
    return "".join(body)


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: generate.py UNITS DIR", file=sys.stderr)
        return 2
    count, root = int(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
    (root / "src").mkdir(parents=True, exist_ok=True)
    (root / "include").mkdir(exist_ok=True)
    (root / "tests").mkdir(exist_ok=True)
    (root / "include" / "common.hpp").write_text(
        "#pragma once\n#include <string>\n#include <vector>\nnamespace svc::orders {\n"
        "struct Request { std::vector<int> items; };\n"
        "struct Checkout { static int handle(const Request& r); };\n}\n")
    files = {
        "src/orders.cpp": HEADERS + '#include "common.hpp"\nnamespace svc::orders {\n'
                          "int Checkout::handle(const Request& r) { return static_cast<int>(r.items.size()); }\n}\n",
        "src/routes.cpp": HEADERS + '#include "common.hpp"\nstruct Router { void add(const std::string&, int (*)(const svc::orders::Request&)) {} };\n'
                          'void install(Router& router) { router.add("checkout", &svc::orders::Checkout::handle); }\n',
        "tests/orders_test.cpp": HEADERS + '#include "common.hpp"\nint check() { return svc::orders::Checkout::handle({{1, 2}}); }\n',
    }
    for i in range(count - len(files)):
        files[f"src/module_{i:04d}.cpp"] = unit(i)
    database = []
    for name, text in files.items():
        path = root / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        database.append({"directory": str(root), "file": str(path),
                         "command": f"/usr/bin/g++ -std=c++20 -O2 -fconcepts-diagnostics-depth=2 -I{root / 'include'} -c {path}"})
    (root / "compile_commands.json").write_text(json.dumps(database, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
