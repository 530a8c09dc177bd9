"""Secrets wiring: every ``*_env`` variable of schedule.yaml reaches `smmgen publish`.

A secret in the `social` environment is only visible to a step that names it
under ``env:``. An account whose variable the publish workflow does not pass
would fail at publishing time with "not set"; `check` says so in the pull request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .i18n import _
from .model import Schedule
from .problems import Problem, error
from .secrets import env_settings

PUBLISH_WORKFLOW = ".github/workflows/publish.yml"


def _env_keys(node: Any) -> set[str]:
    env = node.get("env") if isinstance(node, dict) else None
    return {str(k) for k in env} if isinstance(env, dict) else set()


def passed_variables(workflow: Any) -> set[str] | None:
    """Variables the steps that run `smmgen publish` see (workflow, job and step
    ``env:``); None when no step runs it."""
    if not isinstance(workflow, dict) or not isinstance(workflow.get("jobs"), dict):
        return None
    found: set[str] | None = None
    for job in workflow["jobs"].values():
        if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
            continue
        for step in job["steps"]:
            if isinstance(step, dict) and "smmgen publish" in str(step.get("run", "")):
                seen = _env_keys(workflow) | _env_keys(job) | _env_keys(step)
                # Several publishing steps: a variable must reach every one of them.
                found = seen if found is None else found & seen
    return found


def wiring_problems(root: Path, schedule: Schedule) -> list[Problem]:
    """An error per account variable the publish workflow does not pass to publishing."""
    import yaml

    path = root / PUBLISH_WORKFLOW
    try:
        workflow = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        return []  # no GitHub workflow here: publishing happens elsewhere
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [
            error(
                PUBLISH_WORKFLOW,
                1,
                "schedule/secret-wiring",
                _("cannot read it: {exc}").format(exc=exc),
            )
        ]
    passed = passed_variables(workflow)
    if passed is None:
        return []
    out: list[Problem] = []
    for account in schedule.accounts.values():
        for setting, variable in env_settings(account).items():
            if variable not in passed:
                out.append(
                    error(
                        schedule.path,
                        account.line,
                        "schedule/secret-wiring",
                        _(
                            "account '{name}': {setting} names {variable}, but "
                            "{publish_workflow} does not pass it to `smmgen publish`; "
                            "add `{variable}: ${{{{ secrets.{variable} }}}}` under env: "
                            "of its Publish step (and the secret to the social "
                            "environment)"
                        ).format(
                            name=account.name,
                            setting=setting,
                            variable=variable,
                            publish_workflow=PUBLISH_WORKFLOW,
                        ),
                        account=account.name,
                    )
                )
    return out
