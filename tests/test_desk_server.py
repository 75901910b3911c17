"""`huiwu serve` for real: uvicorn in a subprocess on 127.0.0.1, six desks over HTTP (httpx).

load: 1,200 of 1,500 people as fast as six desks can: distinct seats, none skipped, front to back
in the order the answers came. crash: kill -9 in the middle, restart, nothing acknowledged lost.
"""
from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
from deskserver import Server, hall_workbook, nonce

from huiwu_xl.core.desk import person_id, person_key
from huiwu_xl.core.seating import Hall, issue_order, seat_label
from huiwu_xl.text import name_key

DESKS = 6
SIGN_INS = 1200


@dataclass
class Ack:
    desk: str
    person: dict
    nonce: str
    sent: float
    received: float
    answer: dict


def pid(p: dict) -> str:
    return person_id(person_key(name_key(p["姓名"]), name_key(p["单位"])))


def run_desks(base: str, people: list[dict], acks: list[Ack], stop_after: threading.Event | None = None) -> None:
    """Six desks, each signing in its share as fast as it can; a request that fails (the server was
    killed) is sent again with the same nonce until it gets an answer."""
    lock = threading.Lock()

    def desk(number: int) -> None:
        with httpx.Client(timeout=10) as client:
            for p in people[number::DESKS]:
                body = {"nonce": nonce(), "desk": f"东门{number + 1}", "person": pid(p)}
                while True:
                    sent = time.perf_counter()
                    try:
                        response = client.post(base + "/api/sign-in", json=body)
                        break
                    except httpx.HTTPError:
                        time.sleep(0.02)
                received = time.perf_counter()
                with lock:
                    acks.append(Ack(body["desk"], p, body["nonce"], sent, received, response.json()))

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(DESKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def assert_front_to_back(acks: list[Ack], hall: Hall) -> None:
    order = {seat_label(r, s): i for i, (r, s) in enumerate(issue_order(hall))}
    seats = [a.answer["seat"] for a in acks]
    assert len(set(seats)) == len(seats) == SIGN_INS, "a seat was issued twice"
    assert sorted(order[s] for s in seats) == list(range(SIGN_INS)), "a seat was skipped"
    by_commit = sorted(acks, key=lambda a: a.answer["seq"])
    assert [order[a.answer["seat"]] for a in by_commit] == list(range(SIGN_INS)), "seats not front to back in commit order"
    # By acknowledgement: whatever a desk had been answered before another desk asked got the nearer seat.
    by_answer = sorted(acks, key=lambda a: a.received)
    best, i = -1, 0
    for a in sorted(acks, key=lambda a: a.sent):
        while i < len(by_answer) and by_answer[i].received < a.sent:
            best = max(best, order[by_answer[i].answer["seat"]])
            i += 1
        assert order[a.answer["seat"]] > best, f"{a.person['姓名']} got a seat nearer the front than one answered before"


def floor_people(roster: list[dict]) -> list[dict]:
    return [p for p in roster if p["座区"] != "主席台"][:SIGN_INS]


@pytest.fixture
def big_meeting(tmp_path):
    return hall_workbook(tmp_path / "三级干部大会.xlsx")


def latency_line(acks: list[Ack]) -> str:
    ms = sorted((a.received - a.sent) * 1000 for a in acks)
    return f"p50 {statistics.median(ms):.1f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms over {len(ms)} sign-ins"


def test_six_desks_one_pool_no_seat_twice_none_skipped_front_to_back(big_meeting, capsys):
    workbook, roster = big_meeting
    people = floor_people(roster)
    acks: list[Ack] = []
    with Server(workbook) as server:
        began = time.perf_counter()
        run_desks(server.base, people, acks)
        elapsed = time.perf_counter() - began
        records = httpx.get(server.base + "/api/records").json()["records"]
        board = httpx.get(server.base + "/api/board").json()
    assert all(a.answer["ok"] and a.answer["outcome"] == "signed_in" for a in acks)
    assert_front_to_back(acks, Hall(40, 40, 0))
    assert len(records) == SIGN_INS and {r["seat"] for r in records} == {a.answer["seat"] for a in acks}
    assert {r["desk"] for r in records} == {f"东门{i}" for i in range(1, DESKS + 1)}  # each record keeps its desk
    assert board["totals"]["arrived"] == SIGN_INS and board["hall"]["issued"] == SIGN_INS
    with capsys.disabled():
        print(f"\n[load] {DESKS} desks, {SIGN_INS} sign-ins in {elapsed:.1f} s: {latency_line(acks)}")


def test_kill_9_mid_run_loses_no_acknowledged_sign_in_and_the_desks_resume(big_meeting, capsys):
    workbook, roster = big_meeting
    people = floor_people(roster)
    acks: list[Ack] = []
    server = Server(workbook)
    server.start()
    desks = threading.Thread(target=run_desks, args=(server.base, people, acks))
    desks.start()
    while len(acks) < 400:
        time.sleep(0.005)
    server.kill()
    acknowledged = [a for a in acks]  # answers the desks had before the power went
    restart = server.start()
    try:
        records = {r["id"]: r for r in httpx.get(server.base + "/api/records").json()["records"]}
        for a in acknowledged:
            record = a.answer["record"]
            assert record["id"] in records, f"{a.person['姓名']} was answered {a.answer['seat']} and then lost"
            assert records[record["id"]]["seat"] == a.answer["seat"]
        desks.join(120)
        assert not desks.is_alive()
        assert_front_to_back(acks, Hall(40, 40, 0))  # the desks resumed: still one contiguous pool
        replayed = sum(1 for a in acks if a.answer.get("replayed"))
        final = httpx.get(server.base + "/api/records").json()["records"]
        assert len(final) == SIGN_INS
    finally:
        server.stop()
    assert restart < 2.0, f"restart took {restart:.2f} s"
    with capsys.disabled():
        print(f"\n[crash] killed after {len(acknowledged)} answers; restart {restart:.2f} s; "
              f"{replayed} retried requests answered from the nonce log")
