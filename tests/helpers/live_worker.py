"""Another officer's desktop on the same server store, in a process of its own
(tests/unit/db/test_live_office.py, tests/end2end/test_live_office_gui.py).

Reads one command a line on stdin and answers one line on stdout, so the test drives it step by
step without sleeping:

- ``import KIND``: receives a package of the example KIND; answers ``imported ID``
- ``decide ID OUTCOME``: the officer ``lisi`` (made if need be) decides; answers ``decided``
- ``tick ID NOTE``: 李四 ticks the first 需人工核实 rule with the note NOTE; answers ``ticked RULE``
- ``add-officer NAME DISPLAY``: 李四 adds an account; answers ``added``
- ``sign-in NAME PASSWORD``: answers ``signed-in`` or ``refused MESSAGE``
- ``shift-clock HOURS``: from now on this desktop's clock is HOURS off (the clock the store's
  code reads, ``db.models.utcnow``, and the accounts' own); answers ``shifted``
- ``quit``: closes the store and answers ``bye``
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

import db.accounts
import db.models
from db.accounts import AccountRecord
from db.repository import Store
from forms.core.errors import UserError
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy
from tests.helpers.scenarios import receive

OFFICER = ("lisi", "李四", "李四的密码2026")


def officer(copy: Copy) -> AccountRecord:
    """李四, whose account the test made (tests/helpers/live_worker.OFFICER)."""
    name, _display, password = OFFICER
    return copy.accounts.sign_in(name, password)


def first_manual_rule(copy: Copy, application_id: int) -> str:
    return next(
        r.rule_id
        for r in copy.review.office_report(application_id).results
        if r.verdict.name == "MANUAL"
    )


def decide(copy: Copy, application_id: int, outcome: Outcome) -> None:
    rule = first_manual_rule(copy, application_id)
    copy.review.record_decision(
        application_id,
        outcome,
        officer=officer(copy),
        reasons=[Reason(rule_id=rule, message="另一位审核人员的意见")],
    )


def shift_clock(copy: Copy, hours: float) -> None:
    """This desktop's clock wrong by ``hours``, as a machine whose clock was never set."""
    true_clock = db.models.utcnow

    def wrong() -> datetime:
        return true_clock() + timedelta(hours=hours)

    db.models.utcnow = wrong
    db.accounts.utcnow = wrong
    copy.accounts.clock = wrong


def main(url: str) -> None:
    copy = Copy(Store.open(url))
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        try:
            if command == "import":
                print(f"imported {receive(copy, args[0])}", flush=True)
            elif command == "decide":
                decide(copy, int(args[0]), Outcome[args[1]])
                print("decided", flush=True)
            elif command == "tick":
                rule = first_manual_rule(copy, int(args[0]))
                copy.review.set_manual_check(
                    int(args[0]), rule, True, officer=officer(copy), note=" ".join(args[1:])
                )
                print(f"ticked {rule}", flush=True)
            elif command == "add-officer":
                copy.accounts.create(args[0], args[1], "新账号的密码2026", by=officer(copy))
                print("added", flush=True)
            elif command == "sign-in":
                copy.accounts.sign_in(args[0], args[1])
                print("signed-in", flush=True)
            elif command == "shift-clock":
                shift_clock(copy, float(args[0]))
                print("shifted", flush=True)
            elif command == "quit":
                break
        except UserError as exc:
            print(f"refused {exc.message}", flush=True)
    copy.store.close()
    print("bye", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
