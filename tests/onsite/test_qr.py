import random

import numpy as np

from tradefair.onsite.domain.qr import _modules, fixed_length_qr, make_qr
from tradefair.onsite.domain.tokens import badge_pk_from_token, badge_token


def test_the_fast_badge_code_equals_segnos_module_for_module():
    rng = random.Random(5)
    tokens = [badge_token(rng.randrange(1, 10**9)) for _ in range(20)]
    encoder = fixed_length_qr(len(tokens[0]))
    for token in tokens:
        expected = _modules(make_qr(token.encode(), version=encoder.version))
        assert np.array_equal(encoder.modules(token.encode()), expected)


def test_badge_tokens_have_one_length_and_carry_the_badge_number():
    assert {len(badge_token(pk)) for pk in (1, 42, 10**9 - 1)} == {len(badge_token(7))}
    assert badge_pk_from_token(badge_token(42)) == 42
