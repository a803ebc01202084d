"""Bulletins are computed on demand in this issue; the published, frozen form comes later."""
