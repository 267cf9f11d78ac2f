"""Reusable widgets; they display what screens give them and never touch storage."""
