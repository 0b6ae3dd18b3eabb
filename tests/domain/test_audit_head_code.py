"""The audit trail's head as printed and typed back (docs/security.md, «La cabeza
del registro en papel»): known answers, not computed by the code under test."""

from coopdesk.domain.audit_chain import head_code, head_groups, read_head_code

DIGEST = "a1b2c3d4e5f60789" + "0123456789abcdef" * 3


def test_the_code_is_r_and_the_first_sixteen_digits_in_groups_of_four():
    assert head_code(DIGEST) == "R-A1B2-C3D4-E5F6-0789"


def test_the_whole_hash_in_sixteen_groups_for_reading_aloud():
    assert head_groups(DIGEST) == ("A1B2 C3D4 E5F6 0789 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB "
                                   "CDEF")


def test_a_head_typed_back_in_any_case_with_or_without_dashes():
    assert read_head_code("R-A1B2-C3D4-E5F6-0789") == "a1b2c3d4e5f60789"
    assert read_head_code(" r a1b2 c3d4 e5f6 0789 ") == "a1b2c3d4e5f60789"
    assert read_head_code("R" + DIGEST) == DIGEST


def test_what_is_not_a_head_is_not_read_as_one():
    assert read_head_code("A1B2-C3D4-E5F6-0789") is None  # a run's code has no R
    assert read_head_code("S-A1B2-C3D4-E5F6-0789") is None  # a member's code
    assert read_head_code("R-A1B2-C3D4") is None  # too short to prove anything
    assert read_head_code("R-A1B2-C3D4-E5F6-078G") is None
    assert read_head_code("R" + DIGEST + "0") is None
