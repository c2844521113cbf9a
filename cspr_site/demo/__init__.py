"""Fictional content and sample reports that make a fresh site worth browsing and editing."""
