"""The README's Python examples run, and print what the README says they print.

Blocks fenced as ```python are runnable and run here, in order, as one session; excerpts of the
source are fenced as ```py and are not run. Every ``print(...)  # expected`` line is checked: the
printed text must be the start of the comment (which may go on to explain, after a colon or comma).
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
PRINT_WITH_EXPECTATION = re.compile(r"^(\s*)print\((.*)\)\s*#\s*(.+)$")


def readme_script() -> tuple[str, int]:
    """All python blocks of the README as one script, each commented print turned into a check."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    lines, checks = [], 0
    for line in "\n".join(blocks).splitlines():
        match = PRINT_WITH_EXPECTATION.match(line)
        if match:
            indent, arguments, expected = match.groups()
            line = f"{indent}_expect({expected.strip()!r}, {arguments})"
            checks += 1
        lines.append(line)
    helper = textwrap.dedent(
        '''
        def _expect(expected, *args):
            text = " ".join(str(a) for a in args)
            assert expected == text or expected.startswith((text + ":", text + ",")), (text, expected)
            print("checked:", text)
        '''
    )
    return helper + "\n".join(lines), checks


def test_readme_examples_print_what_the_readme_says(tmp_path):
    script, checks = readme_script()
    assert checks >= 6
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("checked:") == checks
    shown = re.search(r"print\(trace\(loss, m\)\)\n```\n```\n(.*?)```", README.read_text(), flags=re.S).group(1)
    assert shown in result.stdout  # the trace's output, exactly as the README shows it


def test_the_source_excerpts_in_the_readme_are_the_code_that_runs():
    """Every ```py excerpt stands, line for line and in order, in one module of microgd/ (a
    line "..." stands for lines left out)."""
    sources = [path.read_text(encoding="utf-8") for path in sorted((README.parent / "microgd").rglob("*.py"))]
    excerpts = re.findall(r"```py\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(excerpts) >= 3
    for excerpt in excerpts:
        wanted = [line.strip() for line in excerpt.splitlines() if line.strip() and line.strip() != "..."]
        def holds(source: str) -> bool:
            lines = iter(line.strip() for line in source.splitlines())
            return all(any(line == want for line in lines) for want in wanted)
        assert any(holds(source) for source in sources), f"not in the source as shown:\n{excerpt}"
