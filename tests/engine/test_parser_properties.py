"""The instance parser on hostile input: random JSON documents and random mutations of
valid rounds (a value replaced, a key dropped, an entry repeated or added, the bytes
cut or flipped). Each is either refused with InvalidInstance in one line (exit 2 of
`tradefair match-file`, one line on stderr, no output file) or parsed into arrays
that keep the contract, which the solver then schedules validly. Never a traceback."""

from __future__ import annotations

import contextlib
import copy
import gzip
import io
import math
import tempfile
from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradefair.engine import Instance, InvalidInstance, load_instance, parse_instance, validate_schedule
from tradefair.engine.cli import main

from .factories import rounds

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THROUGH_THE_CLI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# JSON as orjson writes it: integers within 64 bits, finite floats.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["p0", "p1", "s0", "s1", "day0", "tradefair-instance/1"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Values a mutation puts in place of another: any JSON, NaN and infinities (which only
# a caller passing decoded data can produce), and near-misses of valid values.
replacements = (
    json_values
    | st.sampled_from([math.nan, math.inf, -math.inf, -1, 0, 2**31, 2**62, True, False, "", [], {}])
    | st.sampled_from(["p0", "p1", "p2", "s0", "s1", "s9", "ghost", 0.5, 1e308])
)


def _places(document) -> list[tuple[object, object]]:
    """Every (container, key or index) inside a document, the document's own entries first."""
    places, todo = [], [document]
    while todo:
        container = todo.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            places.append((container, key))
            if isinstance(container[key], dict | list):
                todo.append(container[key])
    return places


@st.composite
def mutated_rounds(draw) -> dict:
    """A valid round from tests/engine/factories.py with one to three mutations."""
    document = copy.deepcopy(draw(rounds(max_people=6, max_slots=4, max_pairs=8)))
    for _ in range(draw(st.integers(1, 3))):
        places = _places(document)
        container, key = draw(st.sampled_from(places))
        how = draw(st.sampled_from(["replace", "drop", "repeat", "add"]))
        if how == "replace":
            container[key] = draw(replacements)
        elif how == "drop":
            del container[key]
        elif how == "repeat" and isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
        elif how == "repeat":
            container[key] = [container[key], copy.deepcopy(container[key])]
        elif isinstance(container, list):
            container.insert(key, draw(replacements))
        else:
            container[draw(st.sampled_from(["a", "b", "weight", "required", "id", "tables", "x"]))] = draw(
                replacements
            )
    return document


documents = mutated_rounds() | st.dictionaries(
    st.sampled_from(["format", "slots", "participants", "pairs", "tables", "name"]), json_values
)


def _keeps_the_contract(parsed: Instance) -> None:
    n, n_slots, n_pairs = parsed.n_people, parsed.n_slots, parsed.n_pairs
    assert parsed.max_meetings.shape == parsed.min_meetings.shape == (n,)
    assert parsed.available.shape == (n, n_slots) and parsed.slot_day.shape == (n_slots,)
    assert parsed.pair_b.shape == parsed.weight.shape == parsed.required.shape == (n_pairs,)
    assert np.all(parsed.max_meetings > 0) and np.all(parsed.min_meetings >= 0)
    assert np.all(parsed.min_meetings <= parsed.max_meetings)
    assert np.all((parsed.pair_a >= 0) & (parsed.pair_a < n) & (parsed.pair_b >= 0) & (parsed.pair_b < n))
    assert np.all(parsed.pair_a != parsed.pair_b)
    assert np.all(np.isfinite(parsed.weight)) and np.all(parsed.weight >= 0)
    pairs = {
        (min(a, b), max(a, b)) for a, b in zip(parsed.pair_a.tolist(), parsed.pair_b.tolist(), strict=True)
    }
    assert len(pairs) == n_pairs
    assert len(set(parsed.person_ids)) == n and len(set(parsed.slot_ids)) == n_slots


@QUICK
@given(documents | json_values)
def test_decoded_json_is_refused_in_one_line_or_parsed_within_the_contract(document):
    try:
        parsed = parse_instance(document)
    except InvalidInstance as error:
        message = str(error)
        assert message and "\n" not in message
        return
    _keeps_the_contract(parsed)
    for pair in document["pairs"]:
        assert type(pair["a"]) in (str, int) and type(pair["b"]) in (str, int)


def test_a_pair_naming_an_integer_id_by_true_or_a_float_is_refused():
    """Found beside the properties: the fast path looked ids up in a dict, which finds
    the participant 1 under true and 1.0."""
    document = {
        "slots": [{"id": "s0", "day": "d0"}],
        "participants": [{"id": 1, "max_meetings": 1}, {"id": 2, "max_meetings": 1}],
        "pairs": [{"a": True, "b": 2.0, "weight": 1}],
    }

    with pytest.raises(InvalidInstance) as refused:
        parse_instance(document)

    assert str(refused.value) == "pairs[0] (true, 2.0): unknown participant true"
    document["pairs"] = [{"a": 1, "b": 2, "weight": 1}]
    assert parse_instance(document).pair_b.tolist() == [1]


@st.composite
def instance_files(draw) -> tuple[str, bytes]:
    """(file name, bytes): a mutated round or any JSON, plain or gzipped, sometimes with
    its bytes cut short or overwritten."""
    payload = orjson.dumps(draw(documents | json_values))
    damage = draw(st.sampled_from(["none", "none", "cut", "overwrite"]))
    if damage == "cut":
        payload = payload[: draw(st.integers(0, max(0, len(payload) - 1)))]
    elif damage == "overwrite" and payload:
        at = draw(st.integers(0, len(payload) - 1))
        payload = payload[:at] + draw(st.binary(min_size=1, max_size=4)) + payload[at + 4 :]
    if draw(st.booleans()):
        return "round.json", payload
    packed = gzip.compress(payload)
    if draw(st.booleans()):
        packed = packed[: draw(st.integers(0, len(packed)))]
    return "round.json.gz", packed


@THROUGH_THE_CLI
@given(instance_files())
def test_match_file_exits_2_with_one_line_or_writes_a_valid_schedule(file):
    name, content = file
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / name, Path(folder) / "schedule.json"
        source.write_bytes(content)

        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            status = main([str(source), "-o", str(output), "--time-limit", "2", "--quiet"])

        errors = stderr.getvalue()
        if status == 2:
            assert errors.startswith("tradefair match-file: invalid instance: ")
            assert errors.count("\n") == 1 and not output.exists()
            return
        assert status == 0 and errors == ""
        assert validate_schedule(load_instance(source), orjson.loads(output.read_bytes())) == []


def test_the_mutations_reach_both_outcomes():
    """The strategy is worth its time only if it yields valid and invalid rounds alike."""
    seen = set()

    @settings(max_examples=150, deadline=None, database=None)
    @given(mutated_rounds())
    def record(document):
        try:
            parse_instance(document)
            seen.add("parsed")
        except InvalidInstance:
            seen.add("refused")

    record()
    assert seen == {"parsed", "refused"}
