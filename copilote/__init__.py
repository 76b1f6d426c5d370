"""Copilote: territorial experimentations of partnerships between associations and companies."""
