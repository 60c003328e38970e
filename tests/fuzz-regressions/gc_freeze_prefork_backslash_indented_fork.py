import os
if x:
    pass
else:
 \
   cpid = os.fork()
if cpid == 0:
    n = 0
