"""One officer's desktop, as its own process, doing one thing to a store shared with others
(tests/unit/db/test_server_races.py, through tests/helpers/desktops.py).

It prints ``started`` just before the racing write, ``ready`` when its transaction is about to COMMIT (and
then waits for a line on stdin, so that the test makes the desktops' work overlap), and at the
end ``result <json>``: what the officer saw.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.package_imports import import_packages
from db.accounts import Accounts
from db.own_profile import save_own_profile
from db.repository import Store
from db.review import Review
from db.this_copy import Mode, choose_mode
from forms.applicant import ApplicantProfile
from forms.core.catalogue import load_catalogue
from forms.core.errors import UserError
from forms.core.workflow import Status


def _hold_before_commit(_session: Session) -> None:
    print("ready", flush=True)
    sys.stdin.readline()  # the test's go: every desktop has read, or waits on a lock


def _store(url: str, args: dict[str, Any]) -> Store:
    catalogue = load_catalogue()
    for key, value in args.get("catalogue", {}).items():
        catalogue = catalogue.with_value(key, value)
    return Store.open(url, catalogue)


def _arm() -> None:
    """Hold this desktop's next COMMIT until the test says go; say it is about to start."""
    print("started", flush=True)
    event.listen(Session, "before_commit", _hold_before_commit, once=True)


def _work(store: Store, scenario: str, args: dict[str, Any]) -> dict[str, Any]:
    if scenario not in ("deactivate", "manual_check"):
        _arm()
    if scenario == "import":
        kind = args.get("kind", "submission")
        run = import_packages(store, kind, [Path(p) for p in args["files"]], actor="审核")
        return {
            "outcomes": [row.outcome.value for row in run.rows],
            "messages": [row.message for row in run.rows],
            "stopped": run.stopped,
        }
    if scenario == "submit":
        store.change_status(args["application_id"], Status.READY)
        return {"ok": True}
    accounts = Accounts(store)
    if scenario == "first_account":
        accounts.create(args["username"], args["name"], args["password"])
        return {"ok": True}
    if scenario == "deactivate":
        # signed in earlier (signing in writes the trail: not part of the race)
        listed = {a.username: a for a in accounts.list_accounts()}
        me, target = listed[args["username"]], listed[args["target"]]
        _arm()
        accounts.set_active(target.id, False, by=me)
        return {"ok": True}
    if scenario == "manual_check":
        me = {a.username: a for a in accounts.list_accounts()}[args["username"]]  # signed in
        _arm()
        Review(store).set_manual_check(
            args["application_id"], args["rule"], True, officer=me, note=args["note"], seen=None
        )
        return {"ok": True}
    if scenario == "choose_mode":
        choose_mode(store, Mode(args["mode"]), seen=args["seen"])
        return {"ok": True}
    if scenario == "setting":
        store.set_setting(args["key"], args["value"])
        return {"ok": True}
    if scenario == "own_profile":
        profile = ApplicantProfile.model_validate(args["profile"])
        save_own_profile(store, profile, seen=args["seen"])
        return {"ok": True}
    raise ValueError(scenario)


def main(scenario: str, url: str, arguments: str) -> None:
    args = json.loads(arguments)
    store = _store(url, args)
    try:
        result = _work(store, scenario, args)
    except UserError as exc:
        result = {"ok": False, "error": type(exc).__name__, "message": exc.message}
    store.close()
    print("result " + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
