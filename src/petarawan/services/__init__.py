"""Application services: workspace workflows shared by every entry point.

The CLI, the web app, the demo and the national runner call these; they print nothing.
"""
