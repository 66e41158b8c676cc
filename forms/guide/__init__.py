"""Help a user reads: each form's 填报说明 and the 用户手册, as plain documents the app shows and prints."""
