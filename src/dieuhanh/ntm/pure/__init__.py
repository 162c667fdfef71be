"""Pure rules of the new-rural programme (no Django): criterion evaluation, recognition counts."""
