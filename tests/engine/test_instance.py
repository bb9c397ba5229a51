import copy
import gzip
import math

import orjson
import pytest

from tradefair.engine import InvalidInstance, load_instance, parse_instance

from .factories import instance


def good() -> dict:
    return instance(
        [
            {"max_meetings": 2, "min_meetings": 1, "available": ["s0", "s1"]},
            {"max_meetings": 3},
            {"max_meetings": 1},
        ],
        [(0, 1, 0.8, True), (1, 2, 2)],
    )


def test_a_valid_instance_becomes_arrays_in_file_order():
    parsed = parse_instance(good())
    assert parsed.person_ids == ["p0", "p1", "p2"]
    assert parsed.available[0].tolist() == [True, True, False]
    assert parsed.available[1].tolist() == [True, True, True]
    assert parsed.pair_a.tolist() == [0, 1] and parsed.pair_b.tolist() == [1, 2]
    assert parsed.weight.tolist() == [0.8, 2.0]
    assert parsed.required.tolist() == [True, False]
    assert parsed.tables is None


def test_json_and_gzip_files_load_alike(tmp_path):
    plain, packed = tmp_path / "round.json", tmp_path / "round.json.gz"
    plain.write_bytes(orjson.dumps(good()))
    packed.write_bytes(gzip.compress(orjson.dumps(good())))
    assert load_instance(plain).weight.tolist() == load_instance(packed).weight.tolist()


def _break(change):
    data = good()
    change(data)
    return data


INVALID = {
    "duplicate slot": (
        lambda d: d["slots"].append(dict(d["slots"][0])),
        "slots[3] 's0': slot id appears twice",
    ),
    "duplicate participant": (
        lambda d: d["participants"].append({"id": "p1", "max_meetings": 1}),
        "participants[3] 'p1': participant id appears twice",
    ),
    "duplicate pair": (
        lambda d: d["pairs"].append({"a": "p1", "b": "p0", "weight": 1}),
        "pairs[2] ('p1', 'p0'): pair appears twice (first as pairs[0])",
    ),
    "unknown participant": (
        lambda d: d["pairs"].append({"a": "p0", "b": "ghost", "weight": 1}),
        "pairs[2] ('p0', 'ghost'): unknown participant 'ghost'",
    ),
    "meeting oneself": (
        lambda d: d["pairs"].append({"a": "p2", "b": "p2", "weight": 1}),
        "pairs[2] ('p2', 'p2'): a participant cannot meet itself",
    ),
    "unknown slot": (
        lambda d: d["participants"][1].update(available=["s1", "s9"]),
        "participants[1] 'p1': available names unknown slot 's9'",
    ),
    "negative weight": (
        lambda d: d["pairs"][1].update(weight=-0.5),
        "pairs[1] ('p1', 'p2'): weight must be a finite number >= 0",
    ),
    "NaN weight": (
        lambda d: d["pairs"][1].update(weight=math.nan),
        "pairs[1] ('p1', 'p2'): weight must be a finite number >= 0",
    ),
    "infinite weight": (
        lambda d: d["pairs"][0].update(weight=math.inf),
        "pairs[0] ('p0', 'p1'): weight must be a finite number >= 0",
    ),
    "floor below zero": (
        lambda d: d["participants"][2].update(min_meetings=-1),
        "participants[2] 'p2': min_meetings must be",
    ),
    "floor above max": (
        lambda d: d["participants"][0].update(min_meetings=3),
        "participants[0] 'p0': min_meetings must be",
    ),
    "max_meetings zero": (
        lambda d: d["participants"][0].update(max_meetings=0),
        "participants[0] 'p0': max_meetings must be",
    ),
}


@pytest.mark.parametrize("kind", sorted(INVALID))
def test_each_kind_of_invalid_instance_is_rejected_naming_the_entry(kind):
    change, message = INVALID[kind]
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(_break(change))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_extra_fields_are_ignored():
    data = copy.deepcopy(good())
    data["organiser"] = {"anything": [1, 2]}
    data["pairs"][0]["note"] = "hello"
    assert parse_instance(data).n_pairs == 2
