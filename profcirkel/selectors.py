"""Reads for Talentontwikkelgesprekken, the Prof-cirkel and proposal follow-up."""
