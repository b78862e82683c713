"""The GitHub Action (action.yml), tested by running its steps' commands with bash the way
the runner does: inputs through the step's `env`, `$GITHUB_OUTPUT`, `$GITHUB_PATH`,
`$RUNNER_TEMP`, `GITHUB_ACTIONS=true`. The install step builds a real virtual
environment from this checkout (pip, network to PyPI for the build backend)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.helpers import ROOT, TESTDATA

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit, a test extra")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Runner:
    """Just enough of the Actions runner to run a composite action's `run` steps."""

    def __init__(self, tmp_path, workspace, inputs):
        self.inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        self.inputs.update(inputs)
        self.workspace = workspace
        self.temp = tmp_path / "runner-temp"
        self.temp.mkdir(parents=True)
        self.path_file = tmp_path / "github-path"
        self.path_file.write_text("")
        self.outputs = {}
        self.logs = []

    def evaluate(self, expression: str, step_outputs):
        expression = expression.strip()
        if expression.startswith("inputs."):
            return self.inputs[expression[len("inputs."):]]
        if expression == "github.action_path":
            return str(ROOT)
        match = re.fullmatch(r"steps\.(\w+)\.outputs\.([\w-]+)", expression)
        if match:
            return step_outputs.get(match.group(1), {}).get(match.group(2), "")
        match = re.fullmatch(r"always\(\) && inputs\.([\w-]+) == '(\w+)'", expression)
        if match:
            return self.inputs[match.group(1)] == match.group(2)
        raise AssertionError(f"the test runner does not know `{expression}`")

    def substitute(self, text: str, step_outputs) -> str:
        return EXPRESSION.sub(lambda m: str(self.evaluate(m.group(1), step_outputs)), text)

    def run(self):
        step_outputs = {}
        results = []
        for step in ACTION["runs"]["steps"]:
            condition = step.get("if")
            if condition is not None and not self.evaluate(EXPRESSION.fullmatch(condition).group(1), step_outputs):
                continue
            if "uses" in step:
                results.append((step["name"], "uses", step["uses"]))
                continue
            output_file = self.temp / f"output-{len(results)}"
            output_file.write_text("")
            env = {k: v for k, v in os.environ.items() if k not in ("CI", "VIRTUAL_ENV")}
            extra_path = [p for p in self.path_file.read_text().splitlines() if p]
            env.update({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(self.workspace),
                        "RUNNER_TEMP": str(self.temp), "GITHUB_OUTPUT": str(output_file),
                        "GITHUB_PATH": str(self.path_file),
                        "PATH": os.pathsep.join([*extra_path, "/usr/bin", "/bin"])})
            for name, value in (step.get("env") or {}).items():
                env[name] = self.substitute(str(value), step_outputs)
            script = self.substitute(step["run"], step_outputs)
            assert step["shell"] == "bash"
            done = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
                                  cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600)
            if "id" in step:
                step_outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines()
                                                if "=" in line)
            results.append((step["name"], done.returncode, done.stdout + done.stderr))
            if done.returncode != 0:
                break
        return results, step_outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The install step, run once: a virtual environment with corslint from this checkout."""
    tmp = tmp_path_factory.mktemp("action")
    workspace = tmp / "workspace"
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", workspace)
    runner = Runner(tmp, workspace, {})
    install = ACTION["runs"]["steps"][0]
    env = dict(os.environ, RUNNER_TEMP=str(runner.temp), GITHUB_PATH=str(runner.path_file),
               CORSLINT_PYTHON=runner.inputs["python"], CORSLINT_VERSION="", CORSLINT_SOURCE=str(ROOT))
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(["bash", "-c", install["run"]], env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 and ("Could not" in done.stderr or "Network" in done.stderr):
        pytest.skip(f"no network for pip: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("corslint ")
    return tmp, runner.temp, runner.path_file.read_text()


def _runner(tmp_path, installed, workspace, inputs):
    _tmp, _temp, path_lines = installed
    runner = Runner(tmp_path, workspace, inputs)
    runner.path_file.write_text(path_lines)
    # The install step ran once (the module fixture); the tests run the others.
    assert ACTION["runs"]["steps"][0]["name"] == "Install corslint"
    return runner


def _run_without_install(runner):
    steps = ACTION["runs"]["steps"]
    ACTION["runs"]["steps"] = steps[1:]
    try:
        return runner.run()
    finally:
        ACTION["runs"]["steps"] = steps


@pytest.mark.network
def test_the_action_annotates_and_fails_on_findings(tmp_path, installed):
    workspace = tmp_path / "repo"
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", workspace)
    results, outputs = _run_without_install(_runner(tmp_path, installed, workspace, {}))
    (name, code, log), (last, last_code, last_log) = results[0], results[-1]
    assert name == "Run corslint" and code == 0
    assert "::error title=corslint (COR101),file=app/main.py,line=12," in log
    assert outputs["check"]["exit-code"] == "1"
    assert last == "Result" and last_code == 1 and "findings" in last_log


@pytest.mark.network
def test_the_action_writes_sarif_and_can_annotate_without_failing(tmp_path, installed):
    workspace = tmp_path / "repo"
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", workspace)
    runner = _runner(tmp_path, installed, workspace, {"sarif": "true", "fail-on-findings": "false",
                                                      "args": "app --select COR1"})
    results, outputs = _run_without_install(runner)
    sarif = json.loads((workspace / "corslint.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "COR101"
    assert ("Upload SARIF to code scanning", "uses", "github/codeql-action/upload-sarif@v3") in results
    assert results[-1][1] == 0 and "not failing" in results[-1][2]


@pytest.mark.network
def test_the_action_passes_on_a_clean_project_and_reports_errors(tmp_path, installed):
    workspace = tmp_path / "clean"
    shutil.copytree(TESTDATA / "fastapi_clean", workspace)
    results, _ = _run_without_install(_runner(tmp_path, installed, workspace, {}))
    assert results[-1][1] == 0 and "no findings" in results[-1][2]
    (workspace / "corslint.toml").write_text('selct = ["ALL"]\n')
    results, outputs = _run_without_install(_runner(tmp_path / "again", installed, workspace, {}))
    assert outputs["check"]["exit-code"] == "2" and results[-1][1] == 2
    assert "unknown key `selct`" in results[0][2]
