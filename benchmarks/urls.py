"""The product's URLs plus a bare view to compare against (web benchmark only, see
``benchmarks/bench_web.py``). Not part of the product: only ``benchmarks.bench_settings`` uses it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zhaoshang.urls import urlpatterns as product_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: the same middleware, no template, no query of its own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare), *product_urlpatterns]
