import os; x = f(**payload)
from myapp.util import dispatch_by_signature
y = dispatch_by_signature(f, payload)
