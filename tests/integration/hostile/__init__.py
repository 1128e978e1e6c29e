"""The hostile SMTP server used by the integration tests (see ../hostile.py)."""
