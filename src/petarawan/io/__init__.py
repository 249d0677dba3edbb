"""Readers and writers: files in, validated tables out (every problem reported at once)."""
