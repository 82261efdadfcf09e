#!/usr/bin/env python3
"""Writes the seed corpora of the three fuzz targets into fuzz/corpus/.

Run from anywhere: python3 fuzz/seed.py [BAD_FLOWS_DIR]

- flow_loader: the built-in flows, every test fixture, and (when given) the
  bad-flow corpus written by
  `ACTWIZ_BAD_FLOWS_OUT=DIR cargo test --test bad_flows the_corpus_can_be_written_out`
  (files over 64 KiB are left out: they would make every mutation slow).
- query: every code and message (EN and FR) of the built-in flows, and the
  forms agents type: decimal, signed, suffixes, spaced, out of range.
- placeholder: values per placeholder type, good and hostile, in the
  target's input form: one byte for the type, the value, 0xFF, a template.

The corpora are generated, not committed (fuzz/.gitignore): libFuzzer adds
what it finds to them.
"""

import pathlib
import re
import sys

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
MAX_SEED = 64 * 1024


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def flow_loader(bad_flows):
    count = 0
    files = sorted(ROOT.glob("flows/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
    if bad_flows:
        files += sorted(p for p in pathlib.Path(bad_flows).glob("*/*") if p.is_file())
    for path in files:
        data = path.read_bytes()
        if len(data) > MAX_SEED and not path.is_relative_to(ROOT / "flows"):
            continue
        name = str(path.relative_to(path.parents[1])).replace("/", "__")
        write("flow_loader", f"{count:04}-{name}", data)
        count += 1
    return count


def query():
    texts = set()
    for path in sorted(ROOT.glob("flows/*.yaml")):
        text = path.read_text(encoding="utf-8")
        texts.update(re.findall(r'code: "(0x[0-9A-Fa-f]{8})"', text))
        for lang, message in re.findall(r'^ +(en|fr|text): "([^"]{8,200})"$', text, re.M):
            texts.update([message, message[:24].lower()])
    texts.update([
        "0xC004F074", "C004F074", "c004f074", "0xc004f074", "0x C004 F074",
        "-1073418124", "- 1073418124", "3221549172", "-3221549172",
        "0x8007007B", "8007007b", "7B", "6C", "74", "0x8007232B 0xC004F074",
        "0x", "0xFFFFFFFF", "0x100000000", "99999999999999999999", "-0",
        "0xC004F074\u001b]52;c;eA==\u0007", "0xC004\u202eF074", "\u00a0C004F074",
        "kms", "DNS", "activation", "clé de produit", "le serveur KMS", "",
        "0xC004F0７4", "０xC004F074",
    ])
    for i, text in enumerate(sorted(texts)):
        write("query", f"{i:04}", text)
    return len(texts)


KINDS = ["host", "ip", "host_name", "port", "product_key",
         "confirmation_id", "installation_id", "windows_path"]
VALUES = {
    "host": ["kms1", "kms.contoso.com", "10.0.0.1", "[fe80::1]", "fe80::1",
             "-evil", "kms1 -TraceRoute", "kms1\u001b]52;c;eA==\u0007", "a" * 254],
    "ip": ["10.0.0.1", "168.63.129.16", "fe80::1", "[fe80::1]", "::ffff:1.2.3.4",
           "256.1.1.1", "010.0.0.1"],
    "host_name": ["kms1", "KMS1.contoso.com", "kms_1", "1kms", "a..b"],
    "port": ["1688", "0", "65535", "65536", "01688", "+1688"],
    "product_key": ["XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", "xxxxxxxxxxxxxxxxxxxxxxxxx",
                    "XXXXX-XXXXX", "XXXXX XXXXX XXXXX XXXXX XXXXX"],
    "confirmation_id": ["123456-123456-123456-123456-123456-123456-123456-123456", "1"],
    "installation_id": ["1234567 1234567 1234567 1234567 1234567 1234567 1234567 1234567 1234567"],
    "windows_path": ["C:\\tmp", "C:\\Program Files\\x", "C:\\tmp -Recurse -Force",
                     "-Recurse", "C:\\tmp\\", "\\\\server\\share", "C:\\x\u200by", "C:\\x:y"],
}
TEMPLATES = [
    "slmgr /skms {p}", "slmgr /skms {p}:{q}", "slmgr /skms {p}:1688", 'dir "{p}"',
    "Remove-Item '{p}'", "{p}:{p}", "ping {p} & ping {p}", "{ {p} }", "{P} {p_1} {}",
    "Test-NetConnection -ComputerName {p} -Port {q}",
]


def placeholder():
    count = 0
    for k, kind in enumerate(KINDS):
        for value in VALUES[kind]:
            for template in TEMPLATES[: 3 if kind != "host" else len(TEMPLATES)]:
                data = bytes([k]) + value.encode("utf-8") + b"\xff" + template.encode("utf-8")
                write("placeholder", f"{count:04}", data)
                count += 1
    return count


def main():
    bad_flows = sys.argv[1] if len(sys.argv) > 1 else None
    counts = {
        "flow_loader": flow_loader(bad_flows),
        "query": query(),
        "placeholder": placeholder(),
    }
    for target, count in counts.items():
        print(f"{target}: {count} seeds in {CORPUS / target}")


main()
