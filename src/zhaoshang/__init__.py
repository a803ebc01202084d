"""Zhaoshang (招商): investment promotion and foreign-trade work for local government."""
