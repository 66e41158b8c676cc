"""帮助: the 填报说明 of each form and the 用户手册, shown in the program and printable."""
