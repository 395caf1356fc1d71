"""The pure encodings, checked against the framework's published example files."""

import json
import zlib

import pytest

from app.features.health_cards import encoding
from app.features.health_cards.keys import thumbprint
from tests.features.health_cards.conftest import DATA, example_jws, example_shc_lines


@pytest.mark.parametrize("number", ["00", "02"])
def test_shc_text_and_chunks_match_the_published_examples(number):
    # example-02 is 3,262 characters: three balanced chunks, as the framework published them.
    assert encoding.shc_lines(example_jws(number)) == example_shc_lines(number)


@pytest.mark.parametrize("number", ["00", "02"])
def test_published_shc_text_reads_back_to_the_jws(number):
    assert encoding.jws_from_shc("\n".join(example_shc_lines(number))) == example_jws(number)


def test_the_thumbprint_of_the_example_key_is_its_published_kid():
    [key] = json.loads((DATA / "example-issuer-jwks.json").read_text())["keys"]
    assert thumbprint(key) == key["kid"] == "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"


def test_the_numeric_encoding_follows_the_spec_example():
    # "'X' is encoded as 43, since Ord('X') is 88, and 88-45 is 43."
    assert encoding.to_numeric("X") == "43"
    assert encoding.from_numeric("43") == "X"


def test_a_jws_of_exactly_1195_characters_is_one_chunk_and_1196_is_two():
    assert encoding.chunks_of("a" * 1195) == ["a" * 1195]
    assert [len(c) for c in encoding.chunks_of("a" * 1196)] == [598, 598]
    assert [len(c) for c in encoding.chunks_of("a" * 2383)] == [795, 795, 793]


def test_a_deflate_bomb_is_refused():
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = compressor.compress(b"0" * 5_000_000) + compressor.flush()
    assert len(bomb) < 10_000
    with pytest.raises(encoding.MalformedCard):
        encoding.inflate(bomb)


def test_a_claimed_billion_chunks_are_refused_at_once():
    with pytest.raises(encoding.IncompleteCard):
        encoding.jws_from_shc("shc:/1/1000000000/5676")
