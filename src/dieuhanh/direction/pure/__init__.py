"""Pure rules of direction (no Django): task status, working days, public holidays."""
