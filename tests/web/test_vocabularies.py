"""The API's Literal types restate the domain's vocabularies: they must stay the same lists."""

from __future__ import annotations

from typing import get_args

import pytest

from petarawan.domain import columns as C
from petarawan.web import schemas


@pytest.mark.parametrize(
    ("literal", "vocabulary"),
    [
        (schemas.Phase, C.PHASES),
        (schemas.IncidentType, C.INCIDENT_TYPES),
        (schemas.Status, C.INCIDENT_STATUSES),
        (schemas.StakeholderRole, C.STAKEHOLDER_ROLES),
    ],
    ids=["phase", "incident_type", "status", "stakeholder_role"],
)
def test_api_literals_equal_the_domain_vocabulary(
    literal: object, vocabulary: tuple[str, ...]
) -> None:
    assert get_args(literal) == tuple(vocabulary)


def test_the_check_notices_a_difference() -> None:
    from typing import Literal

    assert get_args(Literal["a", "b"]) != ("a", "b", "c")
