# The config imports another `gc`: the recipe would call its `disable()`.
from myapp.metrics import gc

bind = "0.0.0.0:8000"
workers = 4
preload_app = True
