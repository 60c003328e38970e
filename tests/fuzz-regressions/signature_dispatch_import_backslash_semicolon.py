import os\
; x = f(**payload)
y = f(**payload)
