import os

bind = "0.0.0.0:8000"
preload_app = os.environ.get("PRELOAD") == "1"
