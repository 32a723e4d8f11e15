import CNFS
