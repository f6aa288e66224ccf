"""The org registry: CSV/TOML/YAML import, all-or-nothing, update in place."""

from __future__ import annotations

import json
from pathlib import Path

HEADER = "id,name,url,product_urls,contact_email,audience,jurisdictions,tier\n"
GOOD = (
    "acme-kids,Acme Kids,https://acme.example/,https://acme.example/chat;https://acme.example/app,"
    "legal@acme.example,under13,US;US-CA;EU,standard\n"
    "teenchat,Teen Chat,https://teen.example/,,privacy@teen.example,teens,UK,premium\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_import_csv_then_list_and_show(cli, tmp_path: Path) -> None:
    code, out, err = cli("orgs", "import", str(write(tmp_path, "orgs.csv", HEADER + GOOD)))
    assert code == 0, err
    assert "2 added" in out
    code, out, _ = cli("orgs", "list", "--json")
    orgs = json.loads(out)
    assert [o["id"] for o in orgs] == ["acme-kids", "teenchat"]
    assert orgs[0]["product_urls"] == ["https://acme.example/chat", "https://acme.example/app"]
    assert orgs[0]["jurisdictions"] == ["US", "US-CA", "EU"]
    code, out, _ = cli("orgs", "show", "teenchat", "--json")
    assert json.loads(out)["audience"] == "teens"


def test_csv_with_three_broken_rows_imports_nothing_and_names_lines(cli, tmp_path: Path) -> None:
    cli("orgs", "import", str(write(tmp_path, "first.csv", HEADER + GOOD)))
    broken = (
        HEADER
        + "newco,New Co,https://new.example/,,a@new.example,under13,US,standard\n"  # line 2: fine
        + "bad one,Bad,https://bad.example/,,a@bad.example,under13,US,standard\n"  # 3: id
        + "acme-kids,Acme Renamed,https://acme.example/,,not-an-email,under13,US,standard\n"  # 4
        + "x2,X2,ftp://x2.example/,,a@x2.example,toddlers,US,standard\n"  # 5: url + audience
    )
    code, out, err = cli("orgs", "import", str(write(tmp_path, "broken.csv", broken)))
    assert code == 2
    assert "broken.csv:3 [id]" in err
    assert "broken.csv:4 [contact_email]" in err
    assert "broken.csv:5 [url]" in err and "broken.csv:5 [audience]" in err
    assert "broken.csv:2" not in err
    assert "nothing imported" in err
    _, out, _ = cli("orgs", "list", "--json")
    orgs = {o["id"]: o for o in json.loads(out)}
    assert set(orgs) == {"acme-kids", "teenchat"}
    assert orgs["acme-kids"]["name"] == "Acme Kids"


def test_reimport_updates_in_place(cli, tmp_path: Path) -> None:
    cli("orgs", "import", str(write(tmp_path, "a.csv", HEADER + GOOD)))
    changed = GOOD.replace("Acme Kids", "Acme Kids Ltd").replace("standard", "premium")
    code, out, _ = cli("orgs", "import", str(write(tmp_path, "b.csv", HEADER + changed)))
    assert code == 0 and "0 added, 2 updated" in out
    _, out, _ = cli("orgs", "show", "acme-kids", "--json")
    assert json.loads(out)["name"] == "Acme Kids Ltd"
    assert json.loads(out)["tier"] == "premium"


def test_bad_header_and_duplicates_are_refused(cli, tmp_path: Path) -> None:
    code, _, err = cli("orgs", "import", str(write(tmp_path, "h.csv", "id,name,url\nx,y,z\n")))
    assert code == 2 and "required column missing" in err
    dup = HEADER + GOOD + GOOD.splitlines()[0] + "\n"
    code, _, err = cli("orgs", "import", str(write(tmp_path, "d.csv", dup)))
    assert code == 2 and "d.csv:4 [id]: duplicate id (first on line 2)" in err


def test_toml_and_yaml_with_line_numbers(cli, tmp_path: Path) -> None:
    toml = """
[[orgs]]
id = "tomlco"
name = "Toml Co"
url = "https://toml.example/"
contact_email = "a@toml.example"
audience = "general"
product_kind = "companion"

[[orgs]]
id = "broken"
name = "Broken"
url = "https://broken.example/"
contact_email = "a@broken.example"
audience = "kids"
"""
    code, _, err = cli("orgs", "import", str(write(tmp_path, "o.toml", toml)))
    assert code == 2 and "o.toml:10 [audience]" in err
    valid_toml = toml.split('[[orgs]]\nid = "broken"')[0]
    code, _, err = cli("orgs", "import", str(write(tmp_path, "ok.toml", valid_toml)))
    assert code == 0, err
    yaml_text = """orgs:
  - id: yamlco
    name: Yaml Co
    url: https://yaml.example/
    contact_email: a@yaml.example
    audience: teens
    jurisdictions: [US, us-ca]
  - id: yamlbad
    name: Bad
    url: https://bad.example/
    contact_email: a@bad.example
    audience: teens
    tier: gold
    surprise: true
"""
    code, _, err = cli("orgs", "import", str(write(tmp_path, "o.yaml", yaml_text)))
    assert code == 2 and "o.yaml:8 [surprise]" in err
    valid_yaml = yaml_text.split("  - id: yamlbad")[0]
    code, _, err = cli("orgs", "import", str(write(tmp_path, "ok.yaml", valid_yaml)))
    assert code == 0, err
    _, out, _ = cli("orgs", "show", "yamlco", "--json")
    assert json.loads(out)["jurisdictions"] == ["US", "US-CA"]


def test_unknown_org_and_missing_file(cli, tmp_path: Path) -> None:
    code, _, err = cli("orgs", "show", "nobody")
    assert code == 2 and "no organization with id 'nobody'" in err
    code, _, err = cli("orgs", "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in err


def test_names_are_printed_as_text_not_markup(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one table row per line
    hostile = HEADER + ('evil,"[bold red]Evil[/] [link=javascript:alert(1)]x[/link]",'
                        "https://evil.example/,,a@evil.example,teens,US,standard\n")
    assert cli("orgs", "import", str(write(tmp_path, "e.csv", hostile)))[0] == 0
    code, out, _ = cli("orgs", "list")
    assert code == 0
    assert "[bold red]Evil[/]" in out and "[link=javascript:alert(1)]" in out
    code, _, err = cli("orgs", "show", "[bold]nobody[/bold]")
    assert code == 2 and "[bold]nobody[/bold]" in err


def test_yaml_id_with_a_trailing_newline_is_refused(cli, tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text('- id: "acme\\n"\n  name: Acme\n  url: https://acme.example/\n'
                    "  contact_email: ops@acme.example\n  audience: teens\n")
    code, _out, err = cli("orgs", "import", str(path))
    assert code == 2 and "orgs.yaml:1 [id]" in err
