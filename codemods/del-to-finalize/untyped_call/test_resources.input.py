import resources


def test_cleanup(make_handle):
    h = make_handle()
    h.__del__()
