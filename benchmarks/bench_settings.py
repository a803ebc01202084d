"""Settings for the web benchmark: the product's settings unchanged, plus a benchmarks-only URLconf
that adds one bare view (``benchmarks/urls.py``). Never used by the product or its tests."""

from zhaoshang.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
