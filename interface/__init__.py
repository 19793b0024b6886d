"""Entry points: the HTTP service and the `yingshang` command line."""
