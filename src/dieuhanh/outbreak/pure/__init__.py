"""Pure computations of the epidemic response (no Django): tracing rule, chains."""
