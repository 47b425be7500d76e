"""bench/load.py's pure parts, on wrk's real output captured from two runs on this machine:
`wrk_dashboards.txt`, the runner's own (20 s against a `bench.generate --small` database), and
`wrk_wrong_pages.txt`, a run whose Lua script rotated a good session's dashboard, an unknown session
(302 to the login page) and an unknown page (404)."""

import dataclasses
import re
from pathlib import Path

import pytest

from bench import load

HERE = Path(__file__).parent


def wrk_output(name: str) -> str:
    return (HERE / name).read_text()


def wrks_own(output: str, label: str) -> str:
    """A figure as wrk itself prints it (e.g. 'Requests/sec:', '50%'), to check ours against."""
    return re.search(rf"^\s*{re.escape(label)}\s+(\S+)", output, re.M).group(1)


def about(text: str):
    """wrk's latency ('7.26s', '107.06ms', two decimals) in milliseconds, give or take its rounding."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    scale = {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return pytest.approx(float(value) * scale, abs=0.005 * scale)


@pytest.mark.parametrize("name", ["wrk_dashboards.txt", "wrk_wrong_pages.txt"])
def test_the_figures_of_the_scripts_line_agree_with_what_wrk_prints(name):
    output = wrk_output(name)
    result = load.parse(output)
    assert f"{result.per_second:.2f}" == wrks_own(output, "Requests/sec:")
    assert f"{result.requests} requests in {result.seconds:.2f}s" in output
    for label, ours in [("50%", result.p50), ("90%", result.p90), ("99%", result.p99)]:
        assert ours == about(wrks_own(output, label))
    _average, _deviation, longest = re.search(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.M).groups()
    assert result.max == about(longest)
    assert result.p50 <= result.p90 <= result.p99 <= result.max


def test_a_clean_run_has_no_errors():
    result = load.parse(wrk_output("wrk_dashboards.txt"))
    assert result.errors == 0
    assert "Non-2xx" not in wrk_output("wrk_dashboards.txt")


def test_redirects_count_as_errors_where_wrk_counts_only_4xx_and_5xx():
    """wrk's own 'Non-2xx or 3xx responses' leaves out the 302 a lost session gets; the script's
    response hook counts it: here two pages of three were wrong, wrk saw one."""
    output = wrk_output("wrk_wrong_pages.txt")
    result = load.parse(output)
    wrks_count = int(re.search(r"Non-2xx or 3xx responses: (\d+)", output).group(1))
    assert result.errors == result.non2xx > wrks_count > 0


def test_an_output_without_the_scripts_line_is_refused():
    output = wrk_output("wrk_dashboards.txt")
    with pytest.raises(ValueError, match="no 'bench.load:' line"):
        load.parse(output.replace("bench.load:", "something else:"))


def test_the_table_says_which_target_is_met():
    slow = load.parse(wrk_output("wrk_dashboards.txt"))
    fast = dataclasses.replace(slow, requests=load.TARGET_RPS * 61, seconds=60.0, p99=load.TARGET_P99_MS)
    rows = {
        name: {line.split(" | ")[0].strip("| "): line for line in load.table(result, "wrk …", 5, "1", "2").splitlines()}
        for name, result in [("slow", slow), ("fast", fast)]
    }
    for measure in ("requests per second", "latency p99"):
        assert rows["slow"][measure].endswith("| **not met** |")
        assert rows["fast"][measure].endswith("| met |")
    assert rows["slow"]["errors"].endswith("| met |")
    assert "`wrk …`" in rows["slow"]["command"]


def test_the_lua_script_lists_each_page_and_refuses_what_would_break_it():
    script = load.lua_script([("/bao-cao/huyen-02-01/2024/", "sessionid=abc123")])
    assert '{"/bao-cao/huyen-02-01/2024/", "sessionid=abc123"}' in script
    for path, cookie in [("/a/", 'sessionid="x'), ("/bao-cáo/", "sessionid=x"), ("/a/\n", "sessionid=x")]:
        with pytest.raises(ValueError):
            load.lua_script([(path, cookie)])


def test_gunicorn_is_started_with_the_command_make_serve_runs():
    command = load.serve_command(8123)
    makefile = (load.ROOT / "Makefile").read_text()
    assert command[:2] == [".venv/bin/gunicorn", "hdnd.wsgi"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert int(command[command.index("--workers") + 1]) > 0
    for flag in ("--access-logfile", "--max-requests", "--max-requests-jitter", "--no-control-socket"):
        assert flag in command and flag in makefile
