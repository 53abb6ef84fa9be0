"""gunicorn reads this file from the working directory: request lines in its access and
error logs have their query-string values masked (cms/logs.py)."""

logger_class = "cms.logs.GunicornLogger"
