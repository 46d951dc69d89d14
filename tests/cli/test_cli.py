"""The `microgd` command line wiring: version, default command, bad commands."""

import pytest

import microgd
from microgd.cli.main import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"microgd {microgd.__version__}"


def test_options_without_a_command_run_the_main_demo(tmp_path, capsys):
    assert main(["--out", str(tmp_path)]) == 0
    assert "least squares" in capsys.readouterr().out
    assert (tmp_path / "trace.txt").is_file()


def test_an_unknown_command_is_argparses_error_with_exit_code_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["bogus"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err
