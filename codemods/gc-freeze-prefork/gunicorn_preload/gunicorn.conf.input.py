"""Production gunicorn settings."""
import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
# Load the app once in the master so workers share its memory.
preload_app = True
