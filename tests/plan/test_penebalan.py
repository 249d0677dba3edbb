"""BKO from Polda thickens a Polres or Polsek, never a post (a Pos Pamtas is TNI)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petarawan.domain.operation_plan import _short_by_unit


def test_shortfall_goes_to_the_nearest_polsek_not_to_a_post() -> None:
    sites = pd.DataFrame({"short": [3, 2, 0]})
    codes = np.array(["POLRES", "POLSEK-A", "POS-01"], dtype=object)
    # minutes unit x site: the post is nearest to the first two sites
    times = np.array([[90.0, 80.0, 70.0], [40.0, 60.0, 50.0], [10.0, 5.0, 5.0]])
    allowed = np.array([True, True, False])
    assert _short_by_unit(sites, times, codes, allowed=allowed) == {"POLSEK-A": 5}
    # without the rule the post would have been thickened
    assert _short_by_unit(sites, times, codes) == {"POS-01": 5}
    # a workspace of posts only still gets its request (nobody else to thicken)
    only_posts = np.array([False, False, False])
    assert _short_by_unit(sites, times, codes, allowed=only_posts) == {"POS-01": 5}
