"""Pure computations of the epidemic response (no Django): plain functions over plain data."""
